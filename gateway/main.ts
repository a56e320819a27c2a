import { createLogger } from '../subgraphs/kit/logger.ts';
import { runMain } from '../subgraphs/kit/runMain.ts';
import { startGateway } from './startGateway.ts';

// The gateway alone; the subgraphs run elsewhere (POPULATION_URL, BUSINESS_URL, ... or the supergraph's URLs).
const logger = createLogger('gateway');
runMain(logger, async () => (await startGateway({ logger })).close);
