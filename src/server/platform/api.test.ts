import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import fastJsonStringify from 'fast-json-stringify';
import { responseJsonSchema, serializerJsonSchema } from './api';

const Unit = z.object({ id: z.string(), name: z.string() });
const Row = z.object({
  code: z.string(),
  narrative: z.string().nullable(),
  status: z.enum(['open', 'closed']).nullable(),
  count: z.number().nullable(),
  unit: Unit.nullable(),
  tags: z.array(z.string()).nullable(),
  either: z.union([z.object({ kind: z.literal('a') }), z.object({ n: z.number() })]),
});
const Page = z.object({ items: z.array(Row), total: z.number() });

describe('response serializer schema', () => {
  it('writes nullable fields without anyOf (no per-value validation) and keeps the output of JSON.stringify', () => {
    const compiled = serializerJsonSchema(responseJsonSchema(Page));
    const text = JSON.stringify(compiled);
    // The union of two real types stays an anyOf; every `X | null` became a type array.
    expect(text.match(/anyOf/g)?.length).toBe(1);
    expect(text).toContain('"type":["object","null"]');
    expect(text).toContain('"type":["array","null"]');
    const stringify = fastJsonStringify(compiled as never) as (d: unknown) => string;
    const rows = [
      { code: '2.2.1', narrative: '已完成', status: 'open', count: 3, unit: { id: 'u1', name: '区应急管理局' }, tags: ['重点'], either: { kind: 'a' } },
      { code: '2.2.2', narrative: null, status: null, count: null, unit: null, tags: null, either: { n: 2 } },
    ];
    const data = Page.parse({ items: rows, total: 2 });
    expect(stringify(data)).toBe(JSON.stringify(data));
    // Undeclared fields never leave the server.
    expect(stringify({ ...data, secret: 'x', items: [{ ...data.items[0], password: 'p' }] })).not.toMatch(/secret|password/);
  });
});
