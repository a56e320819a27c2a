import { createDb } from '../subgraphs/kit/createDb.ts';
import { startStatusSync } from '../subgraphs/dossiers/startStatusSync.ts';
import { loadEnv } from '../runtime/env.ts';
import { createLogger } from '../runtime/logger.ts';
import { runMain } from '../runtime/runMain.ts';

// `npm run webhooks:worker`: the status sync's webhook delivery in a process of its own, on the
// dossiers database (DOSSIERS_DATABASE_URL or DATABASE_URL). Run the dossiers subgraph with
// WEBHOOK_WORKER=off then, or let both deliver: workers share the subscribers by lease.
const env = loadEnv();
const logger = createLogger('webhooks');
runMain(logger, async () => {
  const url = env.databaseUrls.dossiers;
  const db = await createDb('dossiers', {
    url,
    dataDir: url ? undefined : `${env.dataDir}/dossiers`,
    poolMax: 4,
  });
  await db.migrate();
  const sync = await startStatusSync(db.db, env, logger, undefined, 'separate');
  logger.info({ database: db.kind }, 'webhook worker ready');
  return async () => {
    await sync.stop();
    await db.close();
  };
});
