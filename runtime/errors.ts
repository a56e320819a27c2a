import { GraphQLError } from 'graphql';

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
  | 'INTERNAL_SERVER_ERROR';

/** A client-facing error with its contract code and optional machine-readable details. */
export function gqlError(
  code: ErrorCode,
  message: string,
  details: Record<string, unknown> = {},
): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...details } });
}

export const badInput = (message: string, argument?: string) =>
  gqlError('BAD_USER_INPUT', message, argument ? { argument } : {});

export const limitExceeded = (message: string, limit: number) =>
  gqlError('LIMIT_EXCEEDED', message, { limit });
