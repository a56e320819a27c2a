import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';

/**
 * Shapes every error a client sees. A scalar that rejects a literal argument throws BAD_USER_INPUT and
 * an operation limit reports LIMIT_EXCEEDED, but graphql-js files both under validation failures; the
 * client should see our code and message. Errors that carry no code of ours are internal: in production their text is hidden.
 */
export function createFormatError(options: { maskInternal: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
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
    if (options.maskInternal && (code === undefined || code === 'INTERNAL_SERVER_ERROR')) {
      return {
        message: 'Internal server error',
        path: formatted.path,
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      };
    }
    return formatted;
  };
}
