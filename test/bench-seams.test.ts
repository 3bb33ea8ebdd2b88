import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The benchmarks' seams (bench/seams/*.hooks.mjs) make a bench server process load a seam in place
 * of a product module: each seam must export every name the module does, or that process fails at
 * its first import. Every seam found there is checked.
 */
const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../bench/seams');
const hooks = readdirSync(dir).filter((f) => f.endsWith('.hooks.mjs'));

describe('bench seams', () => {
  it('are found', () => expect(hooks.length).toBeGreaterThanOrEqual(2));
  it.each(hooks)('%s: the seam exports what the module it replaces exports', async (file) => {
    const { REPLACES, SEAM } = (await import(pathToFileURL(path.join(dir, file)).href)) as { REPLACES: string; SEAM: string };
    const names = async (url: string) => Object.keys(await import(url)).sort();
    expect(await names(SEAM)).toEqual(await names(REPLACES));
  });
});
