import { badInput } from '../../runtime/errors.ts';
import { listLimits, pageSizeExceeded } from '../../runtime/listLimits.ts';

/** The largest page any list field returns; larger requests are refused, not silently cut. */

export interface PageRequest {
  /** Rows to return; repositories fetch one more to learn whether a next page exists. */
  first: number;
  /** The sort key of the last row of the previous page, or null for the first page. */
  after: string[] | null;
}

/**
 * Validates `first` and decodes `after`; a bad value is BAD_USER_INPUT, a page over 100 LIMIT_EXCEEDED.
 * `keyIsValid` checks the decoded sort key has the shape this list's cursors have (so a forged cursor
 * is bad input, not a database error).
 */
export function pageRequest(
  first: number | null | undefined,
  after: string | null | undefined,
  keyIsValid: (key: string[]) => boolean = (key) => key.length === 1,
): PageRequest {
  const size = first ?? 20;
  if (!Number.isInteger(size) || size < 0) throw badInput('first must be a whole number, 0 or more', 'first');
  if (size > listLimits.pageSize) throw pageSizeExceeded();
  const key = after ? decodeCursor(after) : null;
  if (key && !keyIsValid(key)) throw badInput('after is not a cursor of this list', 'after');
  return { first: size, after: key };
}

/** Cursor shapes: [ISO instant, code] for dossiers newest first, [row id] for the access log. */
export const instantAndCode = (key: string[]) => key.length === 2 && !Number.isNaN(Date.parse(key[0] ?? ''));
export const numericId = (key: string[]) => key.length === 1 && /^\d{1,18}$/.test(key[0] ?? '');

/** An opaque cursor for a row's sort key. */
export function encodeCursor(key: string[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(cursor: string): string[] {
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(key) && key.length > 0 && key.every((part) => typeof part === 'string')) return key;
  } catch {
    // fall through to the error below
  }
  throw badInput('after is not a cursor this API returned', 'after');
}

/** A connection as resolvers return it: the generated types map every *Connection type to this. */
export interface Connection<T> {
  nodes: T[];
  totalCount: number | (() => Promise<number>);
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/**
 * A connection from rows fetched with limit first + 1. `totalCount` may be a function: graphql-js's
 * default resolver calls it only when the field is asked for, so a worklist that does not show the
 * total does not count tens of thousands of rows on every page.
 */
export function toConnection<T>(
  rows: T[],
  page: PageRequest,
  totalCount: number | (() => Promise<number>),
  keyOf: (row: T) => string[],
): Connection<T> {
  const nodes = rows.slice(0, page.first);
  const last = nodes.at(-1);
  return {
    nodes,
    totalCount,
    pageInfo: { hasNextPage: rows.length > page.first, endCursor: last ? encodeCursor(keyOf(last)) : null },
  };
}
