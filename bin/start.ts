import { seedDemoIfEmpty } from '../seed/seedDemoIfEmpty.ts';
import { subgraphs } from '../subgraphs/index.ts';
import { startSubgraph, type RunningSubgraph } from '../subgraphs/kit/createSubgraphServer.ts';
import { loadEnv, type SubgraphName } from '../runtime/env.ts';
import { createLogger } from '../runtime/logger.ts';
import { runMain } from '../runtime/runMain.ts';
import { startTracing } from '../runtime/startTracing.ts';
import { startGateway } from '../gateway/startGateway.ts';

// `npm start`: the four subgraphs and the gateway in one process, each on its own port and database.
const env = loadEnv();
const logger = createLogger('start');
const stopTracing = startTracing(env, 'vn-data-sharing-gateway');

runMain(logger, async () => {
  const running: RunningSubgraph[] = [];
  const closeAll = async () => {
    await Promise.allSettled(running.map((s) => s.close()));
  };
  try {
    // Started together: PGlite's first start (initdb in WebAssembly) is CPU-bound and the machine has cores to spare.
    let gatewayUrl = env.gatewayUrl;
    const results = await Promise.allSettled(
      subgraphs.map((module) =>
        startSubgraph(module, {
          gatewayUrl: () => gatewayUrl,
          logger: createLogger(module.name),
          seedIfEmpty: env.seedDemo ? (db) => seedDemoIfEmpty(module.name, db, logger, env) : undefined,
        }),
      ),
    );
    for (const result of results) if (result.status === 'fulfilled') running.push(result.value);
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    const gateway = await startGateway({
      subgraphUrls: Object.fromEntries(running.map((s) => [s.module.name, s.url])) as Record<
        SubgraphName,
        string
      >,
    });
    gatewayUrl = gateway.url;
    console.log(
      [
        '',
        `Gateway ready at ${gateway.url} (Apollo Sandbox in a browser; POST GraphQL to the same URL).`,
        `Operators: ${gateway.metricsUrl}metrics (Prometheus), /health and /ready, on loopback only.`,
        'Try:',
        `  curl -s ${gateway.url} -H 'content-type: application/json' \\`,
        `    -d '{"query":"{ procedures(first: 3) { totalCount nodes { code name feeQuote(provinceCode: \\"79\\", channel: ONLINE) { amountDue } } } }"}'`,
        '',
      ].join('\n'),
    );
    return async () => {
      await gateway.close();
      await closeAll();
      await stopTracing();
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
});
