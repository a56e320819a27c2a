/**
 * Errors by which postgres.js (or the socket under it) says the database could not be reached or the
 * connection was lost: its own connection codes, the socket's, and PostgreSQL's connection-exception
 * class (08) and shutdown states (57P01-57P03). A query that failed so may not have run, or may have
 * run and not been answered; inside a transaction, PostgreSQL rolls it back when the connection goes.
 */
const connectionCodes = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
]);

/** Whether an error, or any error it was caused by (drizzle wraps the driver's), is a lost database. */
export function isDatabaseUnreachable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 8; depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (connectionCodes.has(code) || code.startsWith('08'))) return true;
    e = (e as { cause?: unknown }).cause ?? (e as { originalError?: unknown }).originalError;
  }
  return false;
}
