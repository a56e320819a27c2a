import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';
import { createDb, type DbHandle } from '../../subgraphs/kit/createDb.ts';
import type { SubgraphName } from '../../subgraphs/kit/subgraphNames.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set when the suite runs on real PostgreSQL (TEST_DATABASE_URL): the prepared database. */
    databaseUrl: string | null;
    /** Set on PGlite: the folder with one prepared data-directory tarball per subgraph. */
    snapshotDir: string | null;
  }
}

/**
 * A database for one subgraph holding the migrated demo data set: a fresh in-memory PGlite from the
 * prepared snapshot, or a connection to the prepared PostgreSQL database.
 */
export async function openTestDb(
  subgraph: SubgraphName,
  onStatement?: (sql: string) => void,
): Promise<DbHandle> {
  const databaseUrl = inject('databaseUrl');
  if (databaseUrl) return createDb(subgraph, { url: databaseUrl, poolMax: 4, onStatement });
  const dir = inject('snapshotDir');
  if (!dir) throw new Error('the global setup prepared no database');
  const snapshot = new Blob([readFileSync(path.join(dir, `${subgraph}.tar`))]);
  return createDb(subgraph, { snapshot, onStatement });
}
