import { GraphQLError } from 'graphql';
import { HeaderMap } from '@apollo/server';

/** The error codes of the public contract (extensions.code). */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_TRANSITION'
  | 'LIMIT_EXCEEDED'
  /** Too many requests of one kind from one client: wait `retryAfterSeconds` (HTTP 429). */
  | 'RATE_LIMITED'
  /** A subgraph process could not be reached or did not answer in time: its fields are missing. */
  | 'SUBGRAPH_UNAVAILABLE'
  /** A subgraph's database could not be reached or its connection was lost (HTTP 503). */
  | 'DATABASE_UNAVAILABLE'
  /** Personal data withheld because its access record could not be written (HTTP 503). */
  | 'AUDIT_UNAVAILABLE'
  /** A due date would fall in a year the working calendar does not hold yet (HTTP 503): nothing was written. */
  | 'CALENDAR_NOT_LOADED'
  | 'INTERNAL_SERVER_ERROR';

/** A client-facing error with its contract code and optional machine-readable details. */
export function gqlError(
  code: ErrorCode,
  message: string,
  details: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...details } });
}

/** BAD_USER_INPUT naming the argument, and the rule broken (`reason`) where a client may act on it. */
export const badInput = (message: string, argument?: string, extensions: Record<string, unknown> = {}) =>
  gqlError('BAD_USER_INPUT', message, { ...(argument ? { argument } : {}), ...extensions });

export const limitExceeded = (message: string, limit: number) =>
  gqlError('LIMIT_EXCEEDED', message, { limit });

/**
 * RATE_LIMITED: HTTP 429 with Retry-After, and `extensions.retryAfterSeconds` for a client that reads
 * only the body (the gateway sets the header again when a subgraph's refusal is the whole answer).
 */
export const rateLimited = (
  message: string,
  retryAfterSeconds: number,
  details: Record<string, unknown> = {},
) =>
  gqlError('RATE_LIMITED', message, {
    retryAfterSeconds,
    ...details,
    http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfterSeconds)]]) },
  });
