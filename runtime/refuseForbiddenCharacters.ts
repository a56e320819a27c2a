import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { visit } from 'graphql';
import { forbiddenCharacter } from './cleanText.ts';
import { badInput } from './errors.ts';

/** The first forbidden character in any string of a variables value, with where it is. */
function inValue(value: unknown, where: string): string | null {
  if (typeof value === 'string') {
    const found = forbiddenCharacter(value);
    return found ? `${where} holds a character that is not allowed (${found})` : null;
  }
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = inValue(item, `${where}[${i}]`);
      if (found) return found;
    }
  } else if (value && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) {
      const found = inValue(item, `${where}.${key}`);
      if (found) return found;
    }
  return null;
}

/**
 * Every string argument, literal or variable, is refused BAD_USER_INPUT when it holds a control,
 * bidirectional or separator character or a lone surrogate (see cleanText): before any resolver, so a
 * NUL never reaches SQL. Free text keeps tab and line breaks.
 */
export function refuseForbiddenCharacters<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, request }) {
          const fromVariables = inValue(request.variables ?? {}, '$');
          if (fromVariables) throw badInput(`Variable ${fromVariables.slice(2)}`);
          visit(document, {
            StringValue(node) {
              const found = forbiddenCharacter(node.value);
              if (found) throw badInput(`A string argument holds a character that is not allowed (${found})`);
            },
          });
        },
      };
    },
  };
}
