import { defineConfig } from 'vitest/config';

// Browser tests: a real server (embedded PGlite, demo seed) driven through Debian's Chromium.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
