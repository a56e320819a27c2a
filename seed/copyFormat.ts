import { getTableColumns, type Column } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';

/** How one table's rows become lines of PostgreSQL's COPY text format. */
export interface CopyFormat {
  /** `"schema"."table" ("column", ...)`, for `COPY … FROM`. */
  target: string;
  line(row: Record<string, unknown>): string;
}

const escapeText = (text: string) =>
  /[\\\t\n\r]/.test(text)
    ? text.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r')
    : text;

/** One value in COPY text form: \N for null, ISO instants, t/f, JSON for jsonb, {…} for arrays. */
function copyValue(value: unknown, column: Column): string {
  if (value === null || value === undefined) return '\\N';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'boolean') return value ? 't' : 'f';
  if (column.columnType === 'PgJsonb' || column.columnType === 'PgJson')
    return escapeText(JSON.stringify(value));
  if (Array.isArray(value))
    return escapeText(`{${value.map((item) => `"${String(item).replace(/["\\]/g, '\\$&')}"`).join(',')}}`);
  return escapeText(String(value));
}

/**
 * The COPY format of a table for rows shaped like the given one: every column the row sets, and the
 * columns it leaves out that have no database default (as null). Columns with a default that the
 * row leaves out (serial ids, defaults) are filled by the database.
 */
export function copyFormat(table: PgTable, sample: Record<string, unknown>): CopyFormat {
  const { schema, name } = getTableConfig(table);
  const columns = Object.entries(getTableColumns(table)).filter(
    ([key, column]) => sample[key] !== undefined || !column.hasDefault,
  );
  return {
    target: `"${schema ?? 'public'}"."${name}" (${columns.map(([, column]) => `"${column.name}"`).join(', ')})`,
    line: (row) => `${columns.map(([key, column]) => copyValue(row[key], column)).join('\t')}\n`,
  };
}
