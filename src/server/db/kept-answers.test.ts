import { describe, expect, it } from 'vitest';
import { KeptAnswers, KeptViews } from './kept-answers';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('kept answers', () => {
  const db = {};

  it('counts once for concurrent requests and keeps the total until a write', async () => {
    const kept = new KeptAnswers<number>(10_000);
    let counted = 0;
    const count = async () => {
      counted++;
      await sleep(5);
      return 42;
    };
    expect(await Promise.all([kept.get(db, 'k', count), kept.get(db, 'k', count), kept.get(db, 'k', count)])).toEqual([42, 42, 42]);
    expect(counted).toBe(1);
    expect(await kept.get(db, 'k', count)).toBe(42);
    expect(counted).toBe(1);
    // another key, another database: their own counts
    await kept.get(db, 'other', count);
    await kept.get({}, 'k', count);
    expect(counted).toBe(3);
    kept.forget();
    expect(await kept.get(db, 'k', async () => 43)).toBe(43);
  });

  it('does not keep a count that a write overtook, nor a failed one', async () => {
    const kept = new KeptAnswers<number>(10_000);
    let release!: (n: number) => void;
    const slow = kept.get(db, 'k', () => new Promise<number>((r) => (release = r)));
    kept.forget(); // a write while counting
    release(1);
    expect(await slow).toBe(1); // its own caller still gets it
    expect(await kept.get(db, 'k', async () => 2)).toBe(2);
    const failing = kept.get(db, 'f', async () => {
      throw new Error('database away');
    });
    await expect(failing).rejects.toThrow('database away');
    expect(await kept.get(db, 'f', async () => 5)).toBe(5);
  });

  it('answers an aged total while counting it again in the background', async () => {
    const kept = new KeptAnswers<number>(20);
    expect(await kept.get(db, 'k', async () => 1)).toBe(1);
    await sleep(30);
    let release!: (n: number) => void;
    let recounts = 0;
    const again = () => {
      recounts++;
      return new Promise<number>((r) => (release = r));
    };
    expect(await kept.get(db, 'k', again)).toBe(1); // aged: the kept total, at once
    expect(await kept.get(db, 'k', again)).toBe(1); // one recount in flight, not two
    expect(recounts).toBe(1);
    release(7);
    await sleep(0);
    expect(await kept.get(db, 'k', again)).toBe(7);
    // a write while an aged total is recounted: the next request counts afresh
    await sleep(30);
    expect(await kept.get(db, 'k', again)).toBe(7);
    kept.forget();
    release(8); // the background count began before the write: not kept
    await sleep(0);
    expect(await kept.get(db, 'k', async () => 9)).toBe(9);
  });
});

describe('kept views', () => {
  it('builds a row view once, again when it no longer matches, and per row object', () => {
    const views = new KeptViews<{ id: number }, { name: string; n: number }>();
    let builds = 0;
    const row = { id: 1 };
    const viewOf = (r: { id: number }, name: string) => views.view(r, (v) => v.name === name, () => ({ name, n: ++builds }));
    const first = viewOf(row, '甲');
    expect(viewOf(row, '甲')).toBe(first);
    expect(builds).toBe(1);
    // what it was built from changed (a name): built again and kept in its place
    const renamed = viewOf(row, '乙');
    expect(renamed).toEqual({ name: '乙', n: 2 });
    expect(viewOf(row, '乙')).toBe(renamed);
    // the same row read again is a new object: a new key
    expect(viewOf({ id: 1 }, '乙')).toEqual({ name: '乙', n: 3 });
  });
});
