import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import postgres from 'postgres';
import { projectRoot, type SubgraphName } from '../../runtime/env.ts';

/** The drizzle database every repository takes; the same type over PGlite and postgres.js. */
export type Db = PgDatabase<PgQueryResultHKT>;

export interface DbHandle {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Applies the subgraph's committed drizzle-kit migrations; safe to call from several replicas at once. */
  migrate(): Promise<void>;
  /** A PGlite data directory as a tarball (PGlite only), to start tests from a prepared state. */
  snapshot(): Promise<Blob>;
  /** One connection in one open transaction, for bulk loads (the seed tool). */
  bulk(): Promise<BulkSession>;
  close(): Promise<void>;
}

/**
 * A transaction on one connection that takes COPY data. Statements are plain SQL text without
 * parameters: the seed tool builds them from table and column names, never from records.
 */
export interface BulkSession {
  query<T extends Record<string, unknown>>(text: string): Promise<T[]>;
  /** `COPY <target> FROM STDIN` with rows in PostgreSQL's text format, one per line. */
  copyIn(target: string, text: string): Promise<void>;
  commit(): Promise<void>;
  /** Rolls back (when not committed) and gives the connection back. */
  release(): Promise<void>;
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
  onStatement?: (sql: string, params: unknown[]) => void;
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

type Sql = postgres.Sql;

/**
 * The postgres.js client as drizzle gets it, with every statement prepared. drizzle runs a query through
 * `unsafe(text, params, { prepare: false })` unless it was built with `.prepare(name)`, so PostgreSQL
 * parsed and planned each statement again, after a round trip of its own in which postgres.js
 * described the statement's parameters: two round trips per query. Our statements are all
 * parameterised (keys travel as one array, `= any($1)`), so their texts are few and fixed; prepared,
 * postgres.js keeps one named statement per text per connection and a query is one round trip.
 * Transactions and savepoints hand drizzle a client of their own: those prepare too.
 */
function preparing<T extends Sql | postgres.TransactionSql>(client: T): T {
  return new Proxy(client, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key);
      if (typeof value !== 'function') return value;
      if (key === 'unsafe')
        return (text: string, params?: postgres.ParameterOrJSON<never>[], options?: object) =>
          target.unsafe(text, params, { ...options, prepare: true });
      if (key === 'begin' || key === 'savepoint')
        return (...args: unknown[]) => {
          const body = args.pop() as (tx: postgres.TransactionSql) => unknown;
          return (value as (...a: unknown[]) => unknown).call(
            target,
            ...args,
            (tx: postgres.TransactionSql) => body(preparing(tx)),
          );
        };
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}

/** The only place a database client is made: PGlite when no URL is given, postgres.js otherwise. */
export async function createDb(subgraph: SubgraphName, options: DbOptions = {}): Promise<DbHandle> {
  const logger = options.onStatement
    ? { logQuery: (query: string, params: unknown[]) => options.onStatement?.(query, params) }
    : undefined;

  if (options.url) {
    const url = options.url;
    const client = postgres(url, {
      max: options.poolMax ?? 10,
      onnotice: () => {},
      // A lost database is answered DATABASE_UNAVAILABLE within seconds, not after postgres.js's 30 s.
      connect_timeout: 5,
      // Reconnect attempts back off, but to at most 2 s (postgres.js's own grows to 20 s, counted over
      // every failure since the last success: after a burst of resets the pool sat idle long after the
      // database was back).
      backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 2) * (0.5 + Math.random() / 2),
    });
    return {
      db: drizzlePostgres(preparing(client), { logger }),
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
      async bulk() {
        const connection = await client.reserve();
        await connection.unsafe('begin');
        let open = true;
        return {
          query: async <T>(text: string) => (await connection.unsafe(text)) as unknown as T[],
          async copyIn(target, text) {
            const writable = await connection.unsafe(`copy ${target} from stdin`).writable();
            await pipeline(Readable.from([text]), writable);
          },
          async commit() {
            await connection.unsafe('commit');
            open = false;
          },
          async release() {
            try {
              if (open) await connection.unsafe('rollback');
            } finally {
              open = false;
              connection.release();
            }
          },
        };
      },
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
    async bulk() {
      await client.exec('begin');
      let open = true;
      return {
        query: async <T>(text: string) => (await client.query<T>(text)).rows,
        async copyIn(target, text) {
          await client.query(`copy ${target} from '/dev/blob'`, [], { blob: new Blob([text]) });
        },
        async commit() {
          await client.exec('commit');
          open = false;
        },
        async release() {
          if (open) await client.exec('rollback');
          open = false;
        },
      };
    },
    snapshot: async () => {
      const dump = await client.dumpDataDir('none');
      return dump;
    },
    close: () => client.close(),
  };
}
