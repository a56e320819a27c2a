import { describe, expect, it } from 'vitest';
import { closeServer, listen } from '../runtime/createHttpServer.ts';
import { createLogger } from '../runtime/logger.ts';
import { createMetrics } from '../runtime/createMetrics.ts';
import { createSubgraphServer } from '../subgraphs/kit/createSubgraphServer.ts';
import { procedures } from '../subgraphs/procedures/index.ts';
import { openTestDb } from './support/testDatabase.ts';

// README: a subgraph's /ready says whether its database answers (503 otherwise), /health only that the
// process is alive; the load balancer takes a replica out on the first, the orchestrator restarts on the second.
describe("a subgraph's /ready", () => {
  it('answers 200 with its database, 503 naming the database once it is gone, while /health stays 200', async () => {
    const db = await openTestDb('procedures');
    const server = await createSubgraphServer(procedures, {
      db,
      verifyToken: async () => {
        throw new Error('no token is checked here');
      },
      admit: async () => 'nothing but /ready and /health is asked here',
      metrics: createMetrics('procedures'),
      logger: createLogger('procedures', 'silent'),
    });
    const base = await listen(server.http, 0, '127.0.0.1');
    try {
      const ready = await fetch(`${base}/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ready', checks: { database: true } });

      await db.close();
      const gone = await fetch(`${base}/ready`);
      expect(gone.status).toBe(503);
      expect(await gone.json()).toMatchObject({ status: 'not ready', checks: { database: false } });
      expect((await fetch(`${base}/health`)).status).toBe(200);
    } finally {
      await closeServer(server.http);
      await server.apollo.stop();
    }
  });
});
