import { sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';

/**
 * `column = ANY($1::text[])`: one parameter however many keys a loader batches, so a batch of 500
 * is one short statement with one plan, the same on PGlite and PostgreSQL. A char(n) column gets a
 * bpchar[] array: against text[] PostgreSQL would cast the column, and no index could serve the
 * lookup (a sequential scan of every citizen for each batch).
 */
export function anyOf(column: PgColumn, keys: readonly string[]): SQL {
  return column.columnType === 'PgChar'
    ? sql`${column} = any(${sql.param([...keys])}::bpchar[])`
    : sql`${column} = any(${sql.param([...keys])}::text[])`;
}
