import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { projectRoot, subgraphNames } from '../runtime/env.ts';

/**
 * Runs drizzle-kit generate for each subgraph's schema into drizzle/migrations/<subgraph>.
 * With --check, generates nothing and fails when a schema has changes no migration covers.
 */
const extra = process.argv.slice(2);
let failed = false;
for (const subgraph of subgraphNames) {
  const result = spawnSync(path.join(projectRoot, 'node_modules/.bin/drizzle-kit'), ['generate', ...extra], {
    cwd: projectRoot,
    env: { ...process.env, DRIZZLE_SUBGRAPH: subgraph },
    encoding: 'utf8',
  });
  process.stdout.write(`[${subgraph}] ${result.stdout}`);
  if (result.status !== 0) {
    process.stderr.write(result.stderr);
    failed = true;
  }
}
process.exit(failed ? 1 : 0);
