import { subgraphNames, type SubgraphName } from '../../runtime/subgraphNames.ts';
import { spawnService, type Service } from './spawnService.ts';
import { testDatabaseUrl } from './testDatabase.ts';

/**
 * One subgraph as a real process (`npm run start:subgraph`'s entry) on a free port, with the demo
 * data: on a fresh copy of the test database when the suite runs on PostgreSQL, else in an embedded
 * database under dataDir. A DATABASE_URL in env is used as given (a test's own copy, reached through a
 * fault proxy).
 */
export async function spawnSubgraph(
  name: SubgraphName,
  dataDir: string,
  env: Record<string, string> = {},
): Promise<Service> {
  const databaseUrl = env.DATABASE_URL ?? (await testDatabaseUrl());
  return spawnService(
    'bin/subgraph.ts',
    [name],
    {
      [`${name.toUpperCase()}_PORT`]: '0',
      DATA_DIR: dataDir,
      SEED_DEMO: 'true',
      ...env,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    },
    'subgraph listening',
  );
}

/** Every subgraph, as spawnSubgraph starts each, sharing one database (one fresh copy on PostgreSQL). */
export async function spawnSubgraphs(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<Record<SubgraphName, Service>> {
  const databaseUrl = env.DATABASE_URL ?? (await testDatabaseUrl());
  const shared = databaseUrl ? { ...env, DATABASE_URL: databaseUrl } : env;
  const started = await Promise.all(subgraphNames.map((name) => spawnSubgraph(name, dataDir, shared)));
  return Object.fromEntries(subgraphNames.map((name, i) => [name, started[i] as Service])) as Record<
    SubgraphName,
    Service
  >;
}
