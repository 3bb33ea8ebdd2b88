/** The audit module without its audit rows (loaded only through no-audit.hooks.mjs, by the platform bench). */
export * from '../../src/server/platform/audit';

export async function recordAudit(): Promise<void> {}
