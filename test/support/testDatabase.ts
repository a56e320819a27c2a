import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import { inject } from 'vitest';
import { createDb, type DbHandle } from '../../subgraphs/kit/createDb.ts';
import type { SubgraphName } from '../../runtime/subgraphNames.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set when the suite runs on real PostgreSQL (TEST_DATABASE_URL): the prepared database. */
    databaseUrl: string | null;
    /** Set on PGlite: the folder with one prepared data-directory tarball per subgraph. */
    snapshotDir: string | null;
  }
}

/**
 * On PostgreSQL, a fresh copy of the prepared database (CREATE DATABASE ... TEMPLATE) for each caller,
 * so test files running side by side never see each other's writes, as with PGlite's snapshots (a
 * module-level memo is not enough: a worker may run several files with one module cache). Null on
 * PGlite. The global teardown drops the copies.
 */
export function testDatabaseUrl(): Promise<string | null> {
  const template = inject('databaseUrl');
  if (!template) return Promise.resolve(null);
  return (async () => {
    const url = new URL(template);
    const templateName = url.pathname.slice(1);
    const name = `${templateName}_f${randomBytes(4).toString('hex')}`;
    const admin = postgres({ ...adminOptions(url), max: 1, onnotice: () => {} });
    try {
      await admin.unsafe(`create database ${name} template ${templateName}`);
    } finally {
      await admin.end();
    }
    url.pathname = `/${name}`;
    return url.toString();
  })();
}

const adminOptions = (url: URL) => ({
  host: url.hostname,
  port: Number(url.port || 5432),
  user: decodeURIComponent(url.username),
  password: decodeURIComponent(url.password) || undefined,
  database: 'postgres',
});

/**
 * A database for one subgraph holding the migrated demo data set: a fresh in-memory PGlite from the
 * prepared snapshot, or a fresh copy of the prepared PostgreSQL database.
 */
export async function openTestDb(
  subgraph: SubgraphName,
  onStatement?: (sql: string, params: unknown[]) => void,
): Promise<DbHandle> {
  const databaseUrl = await testDatabaseUrl();
  if (databaseUrl) return createDb(subgraph, { url: databaseUrl, poolMax: 4, onStatement });
  const dir = inject('snapshotDir');
  if (!dir) throw new Error('the global setup prepared no database');
  const snapshot = new Blob([readFileSync(path.join(dir, `${subgraph}.tar`))]);
  return createDb(subgraph, { snapshot, onStatement });
}
