import { getTableConfig } from 'drizzle-orm/pg-core';
import type { DbHandle } from '../subgraphs/kit/createDb.ts';
import type { SubgraphName } from '../runtime/subgraphNames.ts';
import { seedTables } from './seedTables.ts';

/**
 * An MD5 digest of each seeded table's rows as PostgreSQL prints them (UTC, rows sorted bytewise),
 * so that the same records give the same digest on PGlite and on any PostgreSQL server.
 */
export async function tableDigests(
  subgraph: SubgraphName,
  handle: DbHandle,
): Promise<Record<string, string>> {
  const session = await handle.bulk();
  try {
    await session.query(`set local timezone = 'UTC'`);
    const digests: Record<string, string> = {};
    for (const [key, table] of Object.entries(seedTables[subgraph])) {
      const { schema, name } = getTableConfig(table);
      const [row] = await session.query<{ digest: string; rows: string }>(
        `select md5(coalesce(string_agg(t::text, E'\\n' order by t::text collate "C"), '')) as digest, count(*)::text as rows
         from "${schema}"."${name}" t`,
      );
      digests[key] = `${row?.rows}:${row?.digest}`;
    }
    return digests;
  } finally {
    await session.release();
  }
}
