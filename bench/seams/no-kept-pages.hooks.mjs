/**
 * Module resolution hook for benchmarks only (never loaded by the product): every import of
 * src/server/db/kept-answers.ts resolves to bench/seams/no-kept-pages.ts, the real class except that
 * instances keeping list pages ('ledger pages', 'registry pages') keep nothing. It measures the
 * lists' database path beside the kept one. Registered by no-kept-pages.register.mjs.
 */
const REAL = /\/src\/server\/db\/kept-answers\.ts$/;
const SEAM = new URL('./no-kept-pages.ts', import.meta.url).href;

export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (REAL.test(r.url) && !(context.parentURL ?? '').startsWith(SEAM)) return { ...r, url: SEAM };
  return r;
}
