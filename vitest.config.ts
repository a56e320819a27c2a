import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';
import { slow } from './test/support/slow.ts';

const require = createRequire(import.meta.url);

// Unit tests (*.test.ts), in-process supergraph tests (*.int.test.ts) and real processes over HTTP
// (*.e2e.test.ts) run together; the global setup prepares one migrated, seeded database for all.
// Timeouts are generous, and TEST_TIME_FACTOR scales them all: the suite must pass on a slow, busy
// 2-core machine.
export default defineConfig({
  // graphql 16 ships CommonJS (main) and ESM (module) builds; Node loads the former for everyone, Vite
  // would give our code the latter while Apollo's packages require the former: two realms, and
  // graphql refuses to mix their types. Point Vite at the build Node uses.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/globalSetup.ts'],
    testTimeout: slow(60_000),
    hookTimeout: slow(180_000),
    pool: 'forks',
    maxWorkers: 2,
    env: { NODE_ENV: 'test' },
  },
});
