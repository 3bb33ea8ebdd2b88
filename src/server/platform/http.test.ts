import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { ENCODE_ANSWERS_OVER_CHARS, installLargeAnswerEncoding } from './http';

describe('large JSON answers', () => {
  it('are sent as bytes encoded once, whole and with their byte length; small ones stay strings', async () => {
    const app = Fastify({ logger: false });
    installLargeAnswerEncoding(app);
    const seen: string[] = [];
    app.addHook('onSend', async (_req, _reply, payload) => {
      seen.push(Buffer.isBuffer(payload) ? 'bytes' : typeof payload);
      return payload;
    });
    // Two bytes a character in memory, three in UTF-8: the case the hook is for.
    const items = Array.from({ length: 2000 }, (_, i) => ({ i, text: `第 ${i} 项：开展危险化学品企业安全风险隐患排查治理，落实企业主体责任 "引号" \\ 😀` }));
    app.get('/large', async () => ({ items }));
    app.get('/small', async () => ({ items: items.slice(0, 3) }));
    const large = await app.inject({ method: 'GET', url: '/large' });
    expect(JSON.stringify({ items }).length).toBeGreaterThan(ENCODE_ANSWERS_OVER_CHARS);
    expect(large.statusCode).toBe(200);
    expect(large.headers['content-type']).toContain('application/json');
    expect(Number(large.headers['content-length'])).toBe(large.rawPayload.length);
    expect(large.json()).toEqual({ items });
    const small = await app.inject({ method: 'GET', url: '/small' });
    expect(small.json()).toEqual({ items: items.slice(0, 3) });
    expect(seen).toEqual(['bytes', 'string']);
    await app.close();
  });
});
