import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import {
  Kind,
  Lexer,
  Source,
  TokenKind,
  visit,
  type ASTVisitor,
  type DocumentNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import { limitExceeded } from '../runtime/errors.ts';
import { argumentValue } from './argumentValue.ts';
import { variableValues } from './variableValues.ts';
import { listLimits, pageSizeExceeded, personalIdsExceeded } from '../runtime/listLimits.ts';

/** What one operation may ask of the gateway. Checked before any subgraph is called. */
export const operationLimits = {
  depth: 10,
  aliases: 15,
  rootFields: 10,
  tokens: 2000,
  /** graphql-armor's cost: 2 per object, 1 per scalar, times 1.5 per level of depth. */
  cost: 20_000,
  bodyBytes: 256 * 1024,
  /** Characters of operation text: what the document cache holds per entry is bounded by it. */
  queryChars: 32 * 1024,
  /** Characters of one string literal (a search, a name); longer values go in variables. */
  stringLiteralChars: 4 * 1024,
  /** The parsed-document cache, in MiB as documentBytes counts them. */
  documentCacheMiB: 16,
  /** The query-plan cache, in MiB as @apollo/gateway counts them (each plan's JSON). */
  queryPlanCacheMiB: 8,
  /** Connections one address may hold open at the gateway when no proxy is in front of it. */
  connectionsPerAddress: 256,
};

/**
 * Why an operation's text is refused before it is parsed or cached, or null. A document is cached
 * with its whole source and tokens (Apollo's cache counts neither), so 200 kB literals from an
 * anonymous client took the gateway's heap up by 145 MB per 250 requests (#26).
 */
export function oversizedQuery(query: string): string | null {
  if (query.length > operationLimits.queryChars)
    return `The operation is ${query.length} characters long; at most ${operationLimits.queryChars} are accepted`;
  if (query.length <= operationLimits.stringLiteralChars) return null; // no literal can be longer
  const lexer = new Lexer(new Source(query));
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance())
      if (
        (token.kind === TokenKind.STRING || token.kind === TokenKind.BLOCK_STRING) &&
        token.value.length > operationLimits.stringLiteralChars
      )
        return `A string literal of ${token.value.length} characters; at most ${operationLimits.stringLiteralChars} are accepted (pass longer values as variables)`;
  } catch {
    return null; // a syntax error: the parser reports it
  }
  return null;
}

/** Turns a graphql-armor rejection into LIMIT_EXCEEDED, reported like any validation error. */
const asLimit =
  (limit: number): GraphQLArmorRejectCallback =>
  (context, error) =>
    context?.reportError(limitExceeded(error.message.replace(/^Syntax Error: /, ''), limit));

/**
 * At most `rootFields` top-level fields per operation (fragments at the root count). Each fragment's
 * count is taken once and remembered: a document whose fragments each spread the next one twice
 * would otherwise be walked 2^depth times (22 levels held the gateway for seconds).
 */
function maxRootFields(context: ValidationContext): ASTVisitor {
  const counted = new Map<string, number>();
  const count = (set: SelectionSetNode): number => {
    let sum = 0;
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) sum += s.name.value.startsWith('__') ? 0 : 1;
      else if (s.kind === Kind.INLINE_FRAGMENT) sum += count(s.selectionSet);
      else {
        const name = s.name.value;
        if (!counted.has(name)) {
          counted.set(name, 0); // a cycle (refused by graphql-js's NoFragmentCycles) counts nothing
          const fragment = context.getFragment(name);
          counted.set(name, fragment ? count(fragment.selectionSet) : 0);
        }
        sum += counted.get(name) ?? 0;
      }
      // Saturate: the count only has to tell "over the limit".
      if (sum > operationLimits.rootFields * 1000) return sum;
    }
    return sum;
  };
  return {
    OperationDefinition(operation) {
      const n = count(operation.selectionSet);
      if (n > operationLimits.rootFields)
        context.reportError(
          limitExceeded(
            `An operation may have at most ${operationLimits.rootFields} root fields, found ${n > operationLimits.rootFields * 1000 ? `over ${operationLimits.rootFields * 1000}` : n}`,
            operationLimits.rootFields,
          ),
        );
    },
  };
}

/**
 * Page sizes and ID lists depend on variables, known only once the operation is resolved: this checks
 * them then, still before the query plan runs.
 */
const argumentLimits: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async didResolveOperation({ document, operation, request }) {
        if (!operation) return;
        const variables = variableValues(operation, request.variables);
        visit(document, {
          Argument(argument) {
            const value = argumentValue(argument.value, variables);
            if (argument.name.value === 'first' && typeof value === 'number' && value > listLimits.pageSize)
              throw pageSizeExceeded();
            if (
              argument.name.value === 'personalIds' &&
              Array.isArray(value) &&
              value.length > listLimits.personalIdsPerCall
            )
              throw personalIdsExceeded();
          },
        });
      },
    };
  },
};

/**
 * The gateway's protections: graphql-armor for depth, aliases, cost and (in production) field
 * suggestions, graphql-js's own token limit at parse time, and our root-field and argument limits.
 */
export function protections(production: boolean) {
  const armor = new ApolloArmor({
    maxDepth: {
      n: operationLimits.depth,
      flattenFragments: true,
      propagateOnRejection: false,
      onReject: [asLimit(operationLimits.depth)],
    },
    maxAliases: {
      n: operationLimits.aliases,
      propagateOnRejection: false,
      onReject: [asLimit(operationLimits.aliases)],
    },
    costLimit: {
      maxCost: operationLimits.cost,
      propagateOnRejection: false,
      onReject: [asLimit(operationLimits.cost)],
    },
    maxDirectives: { n: 50, propagateOnRejection: false, onReject: [asLimit(50)] },
    // graphql-js counts tokens while parsing (parseOptions below), before any other work.
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: production },
  }).protect();
  return {
    plugins: [...armor.plugins, argumentLimits],
    validationRules: [...armor.validationRules, maxRootFields],
    parseOptions: { maxTokens: operationLimits.tokens },
  };
}

/**
 * What a cached document holds, in bytes, roughly: its AST (as JSON), its source text (UTF-16) and the
 * token chain its locations keep (about as much again as the AST). Apollo's default counts the JSON only.
 */
export function documentBytes(document: DocumentNode): number {
  const ast = JSON.stringify(document).length;
  return 2 * ast + 2 * (document.loc?.source.body.length ?? 0);
}
