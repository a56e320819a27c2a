import {
  defaultFieldResolver,
  isObjectType,
  valueFromASTUntyped,
  type ConstDirectiveNode,
  type GraphQLFieldResolver,
  type GraphQLResolveInfo,
  type GraphQLSchema,
} from 'graphql';
import type { Caller } from '../../runtime/caller.ts';
import { gqlError } from '../../runtime/errors.ts';
import { scopes } from '../../runtime/scopes.ts';

/** The scope alternative a citizen token meets for its own records (and for root fields, where object checks follow). */
export const selfScope = scopes.citizenSelf;

export interface ScopeHooks<C> {
  /** Whether the object is the calling citizen's own (for citizen:self); root fields count as own. */
  isSelf?(typeName: string, parent: unknown, ctx: C): boolean | Promise<boolean>;
  /**
   * Called when a protected field is allowed, before it resolves: purpose checks, the access log. May
   * throw. `bySelf`: allowed as the calling citizen's own record (citizen:self), not by a plain scope.
   */
  onAllowed?(typeName: string, fieldName: string, parent: unknown, ctx: C, bySelf: boolean): void;
}

/** The alternatives of @requiresScopes(scopes: [[...], [...]]): any one whole inner list suffices. */
function requiredScopes(directives: readonly ConstDirectiveNode[] | undefined): string[][] | null {
  const directive = directives?.find((d) => d.name.value === 'requiresScopes');
  const argument = directive?.arguments?.find((a) => a.name.value === 'scopes');
  return argument ? (valueFromASTUntyped(argument.value) as string[][]) : null;
}

const rootTypes = new Set(['Query', 'Mutation', 'Subscription']);

/**
 * Enforces the @requiresScopes declared in a subgraph's SDL on every field that carries it (or whose
 * type carries it). @apollo/gateway does not enforce these directives, so each subgraph does, where the
 * data lives. A caller without the scope gets null and a FORBIDDEN error naming the scopes (an anonymous
 * caller UNAUTHENTICATED); the other fields still resolve.
 */
export function enforceScopes<C extends { request: { caller: Caller } }>(
  schema: GraphQLSchema,
  hooks: ScopeHooks<C> = {},
) {
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    const typeScopes = requiredScopes(type.astNode?.directives);
    for (const field of Object.values(type.getFields())) {
      const required = requiredScopes(field.astNode?.directives) ?? typeScopes;
      if (!required) continue;
      const resolve: GraphQLFieldResolver<unknown, C> = field.resolve ?? defaultFieldResolver;
      const name = `${type.name}.${field.name}`;
      const refuse = (caller: Caller): never => {
        const needed = required.map((alternative) => alternative.join(' and ')).join(' or ');
        if (caller.role === 'anonymous')
          throw gqlError('UNAUTHENTICATED', `${name} needs a token with scope ${needed}`, {
            requiredScopes: required,
          });
        throw gqlError('FORBIDDEN', `${name} needs scope ${needed}`, { requiredScopes: required });
      };
      const allow = (
        parent: unknown,
        args: Record<string, unknown>,
        ctx: C,
        info: GraphQLResolveInfo,
        bySelf: boolean,
      ) => {
        hooks.onAllowed?.(type.name, field.name, parent, ctx, bySelf);
        return resolve(parent, args, ctx, info);
      };
      const selfAlternatives = required.filter((alternative) => alternative.includes(selfScope));
      field.resolve = (parent, args, ctx, info) => {
        const caller = ctx.request.caller;
        const byScope = required.some((alternative) =>
          alternative.every((scope) => scope !== selfScope && caller.scopes.includes(scope)),
        );
        // Plain scopes decide at once, without a promise per field (a worklist resolves thousands of
        // protected fields); only citizen:self may need the object, and a lookup, to decide.
        if (caller.role !== 'citizen' || !selfAlternatives.length)
          return byScope ? allow(parent, args, ctx, info, false) : refuse(caller);
        // A citizen's own record first, whatever other scopes the token holds: own reads need no
        // purpose, anyone else's do (see ScopeHooks.onAllowed).
        return someAsync(selfAlternatives, (alternative) =>
          everyAsync(alternative, async (scope) =>
            scope === selfScope
              ? rootTypes.has(type.name) || ((await hooks.isSelf?.(type.name, parent, ctx)) ?? false)
              : caller.scopes.includes(scope),
          ),
        ).then((own) => (own || byScope ? allow(parent, args, ctx, info, own) : refuse(caller)));
      };
    }
  }
}

async function someAsync<T>(items: T[], test: (item: T) => Promise<boolean>): Promise<boolean> {
  for (const item of items) if (await test(item)) return true;
  return false;
}
async function everyAsync<T>(items: T[], test: (item: T) => Promise<boolean>): Promise<boolean> {
  for (const item of items) if (!(await test(item))) return false;
  return true;
}

/** citizen:self for subgraphs that know a citizen only by personal ID: the Citizen is the caller. */
export const citizenIsCaller = <C extends { request: { caller: Caller } }>(
  typeName: string,
  parent: unknown,
  ctx: C,
) => typeName === 'Citizen' && (parent as { personalId: string }).personalId === ctx.request.caller.subject;
