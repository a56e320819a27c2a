import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { createGatewayServer } from '../../gateway/createGatewayServer.ts';
import { subgraphs } from '../../subgraphs/index.ts';
import { createMetrics } from '../../subgraphs/kit/createMetrics.ts';
import { createSubgraphServer, type SubgraphServer } from '../../subgraphs/kit/createSubgraphServer.ts';
import { loadEnv } from '../../subgraphs/kit/env.ts';
import { createLogger } from '../../subgraphs/kit/logger.ts';
import { subgraphNames, type SubgraphName } from '../../subgraphs/kit/subgraphNames.ts';
import { openTestDb } from './testDatabase.ts';

/** Executes the gateway's fetches against a subgraph server in this process (same schema, context and errors as over HTTP). */
class InProcessDataSource implements GraphQLDataSource {
  constructor(private readonly server: SubgraphServer) {}

  async process({ request, context }: GraphQLDataSourceProcessOptions) {
    const headers: IncomingHttpHeaders = Object.fromEntries(request.http?.headers ?? []);
    if (context?.requestId) headers['x-request-id'] = String(context.requestId);
    const response = await this.server.apollo.executeOperation(
      { query: request.query, variables: request.variables, operationName: request.operationName },
      { contextValue: this.server.contextFor(headers) },
    );
    if (response.body.kind !== 'single') throw new Error('incremental delivery is not used');
    return response.body.singleResult as never;
  }
}

export interface GraphQLResult {
  data?: Record<string, unknown> | null;
  errors?: ReadonlyArray<{
    message: string;
    path?: ReadonlyArray<string | number>;
    extensions?: Record<string, unknown>;
  }>;
}

/**
 * The four subgraphs over their test databases and the gateway over the committed supergraph, all
 * in this process. Records every SQL statement each subgraph runs.
 */
export async function createInProcessSupergraph() {
  const logger = createLogger('test', 'silent');
  const statements = Object.fromEntries(subgraphNames.map((n) => [n, [] as string[]])) as Record<
    SubgraphName,
    string[]
  >;
  const servers = await Promise.all(
    subgraphs.map(async (module) => {
      const metrics = createMetrics(module.name);
      const db = await openTestDb(module.name, (sql) => {
        statements[module.name].push(sql);
        metrics.dbStatements.inc({ subgraph: module.name });
      });
      return createSubgraphServer(module, { db, metrics, logger });
    }),
  );
  const byName = new Map(servers.map((s) => [s.module.name as string, s]));
  const gateway = await createGatewayServer({
    supergraphSdl: readFileSync(loadEnv().supergraphPath, 'utf8'),
    buildService: ({ name }) => new InProcessDataSource(byName.get(name) as SubgraphServer),
    mode: 'test',
    logger,
  });

  return {
    statements,
    servers,
    /** Forgets the statements recorded so far. */
    resetStatements() {
      for (const name of subgraphNames) statements[name].length = 0;
    },
    /** Statements recorded per subgraph since the last reset. */
    statementCounts(): Record<SubgraphName, number> {
      return Object.fromEntries(subgraphNames.map((n) => [n, statements[n].length])) as Record<
        SubgraphName,
        number
      >;
    },
    async query(query: string, variables?: Record<string, unknown>): Promise<GraphQLResult> {
      const response = await gateway.apollo.executeOperation(
        { query, variables },
        { contextValue: { requestId: 'test-request', headers: {} } },
      );
      if (response.body.kind !== 'single') throw new Error('incremental delivery is not used');
      return response.body.singleResult as GraphQLResult;
    },
    async close() {
      await gateway.stop();
      await Promise.all(servers.map(async (s) => (await s.apollo.stop(), await s.db.close())));
    },
  };
}

export type InProcessSupergraph = Awaited<ReturnType<typeof createInProcessSupergraph>>;
