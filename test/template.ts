/** Constants shared by the global setup and the test helpers. */
export const TEST_PASSWORD = 'Demo@2026pass';
export const TEST_ADMIN_PASSWORD = 'Admin@2026pass';
export const TEST_SECRET_KEY = '0123456789abcdef0123456789abcdef';

export type DbTemplate =
  | { kind: 'pglite'; file: string; runId: string }
  | { kind: 'postgres'; baseUrl: string; templateDb: string; runId: string };
