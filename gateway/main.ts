import { loadEnv } from '../subgraphs/kit/env.ts';
import { createLogger } from '../subgraphs/kit/logger.ts';
import { runMain } from '../subgraphs/kit/runMain.ts';
import { startTracing } from '../subgraphs/kit/startTracing.ts';
import { startGateway } from './startGateway.ts';

// The gateway alone; the subgraphs run elsewhere (POPULATION_URL, BUSINESS_URL, ... or the supergraph's URLs).
const logger = createLogger('gateway');
const stopTracing = startTracing(loadEnv(), 'gateway');
runMain(logger, async () => {
  const gateway = await startGateway({ logger });
  return async () => {
    await gateway.close();
    await stopTracing();
  };
});
