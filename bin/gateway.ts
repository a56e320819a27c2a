import { loadEnv } from '../runtime/env.ts';
import { createLogger } from '../runtime/logger.ts';
import { runMain } from '../runtime/runMain.ts';
import { startTracing } from '../runtime/startTracing.ts';
import { startGateway } from '../gateway/startGateway.ts';

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
