import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/**
 * `column = ANY($1::text[])`: one parameter however many keys a loader batches, so a batch of 500
 * is one short statement with one plan, the same on PGlite and PostgreSQL.
 */
export function anyOf(column: PgColumn, keys: readonly string[]): SQL {
  return sql`${column} = any(${sql.param([...keys])}::text[])`;
}
