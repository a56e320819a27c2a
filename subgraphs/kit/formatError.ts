import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';

/**
 * Shapes every error a client sees. A scalar that rejects a literal argument throws BAD_USER_INPUT,
 * but graphql-js reports it as a validation failure; the client should see the scalar's code and
 * message. Errors that carry no code of ours are internal: in production their text is hidden.
 */
export function createFormatError(options: { maskInternal: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? error.originalError : undefined;
    const code = formatted.extensions?.code;
    if (
      code === 'GRAPHQL_VALIDATION_FAILED' &&
      original instanceof GraphQLError &&
      original.extensions.code === 'BAD_USER_INPUT'
    ) {
      return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
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
