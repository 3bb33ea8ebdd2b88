import { clockAt } from '../src/server/platform/clock';
/** Constants shared by the global setup and the test helpers. */
export const TEST_PASSWORD = 'Demo@2026pass';
export const TEST_ADMIN_PASSWORD = 'Admin@2026pass';
export const TEST_SECRET_KEY = '0123456789abcdef0123456789abcdef';

export type DbTemplate =
  | { kind: 'pglite'; file: string; runId: string }
  | { kind: 'postgres'; baseUrl: string; templateDb: string; runId: string };

/**
 * The day the suite runs on, in China time. Tests never read the machine's date: the app's clock
 * (deps.clock) starts at this instant. `ANZHI_TEST_TODAY=2027-12-04 npm test` moves it (the
 * date-shift run in .ci/run proves no test depends on the day it runs).
 */
export const TEST_TODAY = process.env.ANZHI_TEST_TODAY ?? '2026-12-04';
export const testClock = () => clockAt(`${TEST_TODAY}T10:00:00+08:00`);
