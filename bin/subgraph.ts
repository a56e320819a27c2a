import { seedDemoIfEmpty } from '../seed/seedDemoIfEmpty.ts';
import { subgraphs } from '../subgraphs/index.ts';
import { loadEnv } from '../runtime/env.ts';
import { createLogger } from '../runtime/logger.ts';
import { runMain } from '../runtime/runMain.ts';
import { startSubgraph } from '../subgraphs/kit/createSubgraphServer.ts';
import { startTracing } from '../runtime/startTracing.ts';

// `npm run start:subgraph -- <name>`: one subgraph alone, on its own port and database URL.
const name = process.argv[2];
const module = subgraphs.find((s) => s.name === name);
if (!module) {
  console.error(`usage: npm run start:subgraph -- <${subgraphs.map((s) => s.name).join('|')}>`);
  process.exit(2);
}
const logger = createLogger(module.name);
const env = loadEnv();
const stopTracing = startTracing(env, module.name);
runMain(logger, async () => {
  const running = await startSubgraph(module, {
    logger,
    seedIfEmpty: env.seedDemo ? (db) => seedDemoIfEmpty(module.name, db, logger, env) : undefined,
  });
  return async () => {
    await running.close();
    await stopTracing();
  };
});
