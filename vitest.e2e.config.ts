import { defineConfig } from 'vitest/config';

// Browser tests: a real server (embedded PGlite, demo seed) driven through Debian's Chromium.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // One more try for a test that failed: CI shares this 2-core machine with its own PostgreSQL
    // and a click can still land on a list or dropdown being re-rendered (2026-12-06: a search's
    // row replaced under the click, a Select's option lost). A real breakage fails both tries; the
    // retry is printed in the report, and each failed try keeps its screenshot in test-results/.
    retry: 1,
  },
});
