import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import type { ErrorCode } from './errors.ts';

export interface FormatErrorOptions {
  /** A subgraph's: its name and how to tell a lost database, which becomes DATABASE_UNAVAILABLE. */
  database?: { subgraph: string; isUnreachable: (error: unknown) => boolean };
  /**
   * Production: no "Did you mean …?" in validation messages, for enum values and arguments too (armor's
   * blockFieldSuggestion covers field names only): they would spell out the schema introspection hides.
   */
  hideSuggestions?: boolean;
}

/**
 * Shapes every error a client sees. A scalar that rejects a literal argument throws BAD_USER_INPUT and
 * an operation limit reports LIMIT_EXCEEDED, but graphql-js files both under validation failures; the
 * client should see our code and message. A lost database is DATABASE_UNAVAILABLE. Any other error
 * that carries no code of ours is internal: its text is never sent, in any mode, because a failed
 * query's text names its SQL and parameters; observe() logs it under the request id instead.
 */
export function createFormatError(options: FormatErrorOptions = {}) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    if (options.hideSuggestions && / Did you mean /.test(formatted.message))
      formatted = { ...formatted, message: formatted.message.replace(/ Did you mean [^]*$/, '') };
    const original = error instanceof GraphQLError ? error.originalError : undefined;
    const code = formatted.extensions?.code;
    const originalCode = original instanceof GraphQLError ? original.extensions.code : undefined;
    if (
      code === 'GRAPHQL_VALIDATION_FAILED' &&
      (originalCode === 'BAD_USER_INPUT' || originalCode === 'LIMIT_EXCEEDED')
    ) {
      return { ...formatted, extensions: { ...formatted.extensions, code: originalCode } };
    }
    // graphql-js's own token limit stops parsing (its message says "more that"): a limit, not a syntax error.
    if (
      code === 'GRAPHQL_PARSE_FAILED' &&
      /Document contains more th\w+ \d+ tokens/.test(formatted.message)
    ) {
      return { ...formatted, extensions: { ...formatted.extensions, code: 'LIMIT_EXCEEDED' } };
    }
    if (code === undefined || code === 'INTERNAL_SERVER_ERROR') {
      if (options.database?.isUnreachable(original ?? error))
        return {
          message: `The ${options.database.subgraph} database could not be reached; try again`,
          path: formatted.path,
          extensions: { code: 'DATABASE_UNAVAILABLE' satisfies ErrorCode },
        };
      return {
        message: 'Internal server error',
        path: formatted.path,
        extensions: { code: 'INTERNAL_SERVER_ERROR' satisfies ErrorCode },
      };
    }
    return formatted;
  };
}

/** Whether an error reached the client as an internal one (the errors observe() logs in full). */
export function isInternal(error: GraphQLError): boolean {
  const code = error.extensions?.code;
  return code === undefined || code === 'INTERNAL_SERVER_ERROR';
}
