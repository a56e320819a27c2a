import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import postgres from 'postgres';
import { projectRoot, type SubgraphName } from './env.ts';

/** The drizzle database every repository takes; the same type over PGlite and postgres.js. */
export type Db = PgDatabase<PgQueryResultHKT>;

export interface DbHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Applies the subgraph's committed drizzle-kit migrations; safe to call from several replicas at once. */
  migrate(): Promise<void>;
  /** A PGlite data directory as a tarball (PGlite only), to start tests from a prepared state. */
  snapshot(): Promise<Blob>;
  close(): Promise<void>;
}

export interface DbOptions {
  /** postgres:// URL; without one, embedded PGlite. */
  url?: string;
  /** PGlite data directory; without one (and without snapshot), in memory. */
  dataDir?: string;
  /** A PGlite data directory tarball to start from, in memory. */
  snapshot?: Blob;
  poolMax?: number;
  /** Called with the text of every statement the repositories run (statement metrics, tests). */
  onStatement?: (sql: string) => void;
}

export const migrationsFolder = (subgraph: SubgraphName) =>
  path.join(projectRoot, 'drizzle/migrations', subgraph);

/**
 * Migration bookkeeping lives in the `drizzle` schema, one table per subgraph, because the migrations
 * themselves create the subgraph's own schema and must find it absent on a new database.
 */
const migrationConfig = (subgraph: SubgraphName) => ({
  migrationsFolder: migrationsFolder(subgraph),
  migrationsSchema: 'drizzle',
  migrationsTable: `migrations_${subgraph}`,
});

/** The only place a database client is made: PGlite when no URL is given, postgres.js otherwise. */
export async function createDb(subgraph: SubgraphName, options: DbOptions = {}): Promise<DbHandle> {
  const logger = options.onStatement
    ? { logQuery: (query: string) => options.onStatement?.(query) }
    : undefined;

  if (options.url) {
    const url = options.url;
    const client = postgres(url, { max: options.poolMax ?? 10, onnotice: () => {} });
    return {
      db: drizzlePostgres(client, { logger }),
      kind: 'postgres',
      async migrate() {
        // One connection holding an advisory lock, so replicas starting together migrate one at a time.
        const single = postgres(url, { max: 1, onnotice: () => {} });
        try {
          await single`select pg_advisory_lock(hashtext(${`migrations_${subgraph}`}))`;
          await migratePostgres(drizzlePostgres(single), migrationConfig(subgraph));
        } finally {
          await single.end();
        }
      },
      snapshot: () => Promise.reject(new Error('snapshots are for PGlite only')),
      close: () => client.end({ timeout: 5 }),
    };
  }

  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const client = options.snapshot
    ? await PGlite.create({ loadDataDir: options.snapshot })
    : await PGlite.create(options.dataDir ?? 'memory://');
  const db = drizzlePglite(client, { logger });
  return {
    db,
    kind: 'pglite',
    migrate: () => migratePglite(db, migrationConfig(subgraph)),
    snapshot: async () => {
      const dump = await client.dumpDataDir('none');
      return dump;
    },
    close: () => client.close(),
  };
}
