import { describe, expect, it } from 'vitest';

/**
 * The benchmarks' seams (bench/seams/*.ts) take the place of a product module in a bench server
 * process: each must export every name the module does, or that process fails at its first import.
 */
describe('bench seams', () => {
  it.each([
    ['no-audit', () => import('../bench/seams/no-audit'), () => import('../src/server/platform/audit')],
    ['no-kept-pages', () => import('../bench/seams/no-kept-pages'), () => import('../src/server/db/kept-answers')],
  ])('%s exports what the module it replaces exports', async (_name, seam, real) => {
    expect(Object.keys(await seam()).sort()).toEqual(Object.keys(await real()).sort());
  });
});
