/**
 * Module resolution hook for benchmarks only (never loaded by the product): every import of
 * src/server/db/kept-answers.ts resolves to bench/seams/no-kept-pages.ts, the real class except that
 * instances keeping list pages ('ledger pages', 'registry pages') keep nothing. It measures the
 * lists' database path beside the kept one. Registered by no-kept-pages.register.mjs.
 */
/** the product module this seam replaces, and the seam (exported for test/bench-seams.test.ts) */
export const REPLACES = new URL('../../src/server/db/kept-answers.ts', import.meta.url).href;
export const SEAM = new URL('./no-kept-pages.ts', import.meta.url).href;

export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (r.url === REPLACES && !(context.parentURL ?? '').startsWith(SEAM)) return { ...r, url: SEAM };
  return r;
}
