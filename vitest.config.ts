import { defineConfig } from 'vitest/config';

// The suite: unit tests for pure rules plus integration tests against a real database
// (embedded PGlite by default, a PostgreSQL server when TEST_DATABASE_URL is set).
export default defineConfig({
  test: {
    include: ['packages/*/src/**/*.test.ts', 'apps/server/src/**/*.test.ts', 'apps/web/src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
