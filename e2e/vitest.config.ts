import { defineConfig } from 'vitest/config';

// Browser tests: one real server on a real database, Debian's Chromium driven by playwright-core.
export default defineConfig({
  test: {
    include: ['src/**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    pool: 'forks',
  },
});
