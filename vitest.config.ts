import { defineConfig } from 'vitest/config';

// Unit tests (*.test.ts), in-process supergraph tests (*.int.test.ts) and real processes over HTTP
// (*.e2e.test.ts) run together; the global setup prepares one migrated, seeded database for all.
// Timeouts are generous: the suite must pass on a slow, busy 2-core machine.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/globalSetup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
    env: { NODE_ENV: 'test' },
  },
});
