/**
 * Module resolution hook for one benchmark only (never loaded by the product): every import of
 * src/server/platform/audit.ts resolves to bench/seams/no-audit.ts, which is the real module with
 * `recordAudit` doing nothing. It measures what the audit chain costs a write. Registered by
 * no-audit.register.mjs with `node --import ./bench/seams/no-audit.register.mjs`.
 */
const REAL = /\/src\/server\/platform\/audit\.ts$/;
const SEAM = new URL('./no-audit.ts', import.meta.url).href;

export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (REAL.test(r.url) && !(context.parentURL ?? '').startsWith(SEAM)) return { ...r, url: SEAM };
  return r;
}
