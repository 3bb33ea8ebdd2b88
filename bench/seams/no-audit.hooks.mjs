/**
 * Module resolution hook for one benchmark only (never loaded by the product): every import of
 * src/server/platform/audit.ts resolves to bench/seams/no-audit.ts, which is the real module with
 * `recordAudit` doing nothing. It measures what the audit chain costs a write. Registered by
 * no-audit.register.mjs with `node --import ./bench/seams/no-audit.register.mjs`.
 */
/** the product module this seam replaces, and the seam (exported for test/bench-seams.test.ts) */
export const REPLACES = new URL('../../src/server/platform/audit.ts', import.meta.url).href;
export const SEAM = new URL('./no-audit.ts', import.meta.url).href;

export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (r.url === REPLACES && !(context.parentURL ?? '').startsWith(SEAM)) return { ...r, url: SEAM };
  return r;
}
