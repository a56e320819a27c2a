import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { Supergraph } from '@apollo/federation-internals';
import { buildSubgraphSchema } from '@apollo/subgraph';
import {
  defaultFieldResolver,
  isAbstractType,
  isObjectType,
  isScalarType,
  Kind,
  type GraphQLFieldResolver,
  type GraphQLSchema,
} from 'graphql';
import type { IncomingHttpHeaders } from 'node:http';
import { randomUUID } from 'node:crypto';
import { authenticate, createTokenVerifier } from '../../runtime/authenticate.ts';
import { readSupergraph } from '../../gateway/readSupergraph.ts';
import { subgraphs } from '../../subgraphs/index.ts';
import { createDb } from '../../subgraphs/kit/createDb.ts';
import { createHttpServer, listen } from '../../runtime/createHttpServer.ts';
import { createMetrics } from '../../runtime/createMetrics.ts';
import { enforceScopes, type ScopeHooks } from '../../subgraphs/kit/enforceScopes.ts';
import { loadEnv } from '../../runtime/env.ts';
import { readClientLimits } from '../../runtime/clientLimits.ts';
import { createLimitStore } from '../../runtime/createLimitStore.ts';
import { createLogger } from '../../runtime/logger.ts';
import type { AnySubgraphModule, SubgraphDeps } from '../../subgraphs/kit/subgraphModule.ts';
import type { SupergraphClient } from '../../subgraphs/kit/supergraphClient.ts';

// The no-federation bound for `npm run bench`: the four subgraphs' own resolvers, scope checks, loaders,
// repositories and access-log plugin, in ONE schema (the supergraph's API schema) executed by ONE
// Apollo Server in one process: no query planning, no HTTP between services, no entity representations
// serialised. Where a field belongs to another subgraph than the object it is asked on, the object is
// resolved with that subgraph's __resolveReference (through its DataLoader), as federation would.
// Listens on the port given as its argument; /metrics counts the SQL statements of all four.

type ModuleContexts = Record<string, object>;
interface BoundContext extends BaseContext {
  modules: ModuleContexts;
}

const env = loadEnv();
const logger = createLogger('bound');
const metrics = createMetrics('bound', { processMetrics: true });
const verifyToken = await createTokenVerifier(env);

const handles = Object.fromEntries(
  await Promise.all(
    subgraphs.map(async (module) => [
      module.name,
      await createDb(module.name, {
        url: env.databaseUrls[module.name],
        poolMax: env.dbPoolMax,
        onStatement: () => metrics.dbStatements.inc({ subgraph: 'bound' }),
      }),
    ]),
  ),
);

/** Each subgraph's executable schema exactly as its server builds it (resolvers wrapped by scope checks). */
const moduleSchemas = new Map<AnySubgraphModule, GraphQLSchema>(
  subgraphs.map((module) => {
    const schema = buildSubgraphSchema([{ typeDefs: module.typeDefs, resolvers: module.resolvers as never }]);
    enforceScopes(schema, module.scopeHooks as ScopeHooks<never>);
    return [module, schema];
  }),
);

/** Which subgraphs define each type's field (not as @external), in the order they are listed. */
const definers = new Map<string, AnySubgraphModule[]>();
for (const module of subgraphs)
  for (const definition of module.typeDefs.definitions) {
    if (definition.kind !== Kind.OBJECT_TYPE_DEFINITION && definition.kind !== Kind.OBJECT_TYPE_EXTENSION)
      continue;
    for (const field of definition.fields ?? []) {
      if (field.directives?.some((d) => d.name.value === 'external')) continue;
      const key = `${definition.name.value}.${field.name.value}`;
      definers.set(key, [...(definers.get(key) ?? []), module]);
    }
  }
const homeOf = (type: string) =>
  subgraphs.find(
    (m) =>
      typeof (m.resolvers as Record<string, { __resolveReference?: unknown }>)[type]?.__resolveReference ===
      'function',
  );

/** The subgraph whose resolver produced each object. */
const producedBy = new WeakMap<object, AnySubgraphModule>();
const tag = (value: unknown, module: AnySubgraphModule): void => {
  if (Array.isArray(value)) for (const item of value) tag(item, module);
  else if (value && typeof value === 'object' && !producedBy.has(value)) producedBy.set(value, module);
};
/** Objects resolved by another subgraph's __resolveReference, per object and subgraph. */
const references = new WeakMap<object, Map<AnySubgraphModule, Promise<unknown>>>();

const supergraphSdl = readSupergraph(env.supergraphPath);
const schema = Supergraph.build(supergraphSdl).apiSchema().toGraphQLJSSchema();
for (const type of Object.values(schema.getTypeMap())) {
  if (type.name.startsWith('__')) continue;
  if (isScalarType(type)) {
    for (const moduleSchema of moduleSchemas.values()) {
      const own = moduleSchema.getType(type.name);
      if (own && isScalarType(own) && own.astNode) {
        Object.assign(type, {
          serialize: own.serialize,
          parseValue: own.parseValue,
          parseLiteral: own.parseLiteral,
        });
        break;
      }
    }
  }
  if (isAbstractType(type)) {
    type.resolveType = (value, ctx, info, abstract) => {
      const named = (value as { __typename?: string }).__typename;
      if (named) return named;
      for (const [module, moduleSchema] of moduleSchemas) {
        const own = moduleSchema.getType(type.name);
        if (own && isAbstractType(own) && own.resolveType)
          return own.resolveType(value, (ctx as BoundContext).modules[module.name], info, abstract) as string;
      }
      return undefined;
    };
  }
  if (!isObjectType(type)) continue;
  const root = type === schema.getQueryType() || type === schema.getMutationType();
  for (const field of Object.values(type.getFields())) {
    const candidates = definers.get(`${type.name}.${field.name}`) ?? [];
    const home = homeOf(type.name);
    const resolveWith = (module: AnySubgraphModule): GraphQLFieldResolver<unknown, unknown> =>
      (moduleSchemas.get(module)?.getType(type.name) as typeof type | undefined)?.getFields()[field.name]
        ?.resolve ?? defaultFieldResolver;
    field.resolve = async (parent, args, ctx: BoundContext, info) => {
      let source = parent as object;
      const producer = producedBy.get(source);
      // The object's own subgraph answers when it defines the field; otherwise the field's subgraph,
      // after resolving the object there (its entity reference) unless it produced the object itself.
      const module =
        (producer && candidates.includes(producer) ? producer : undefined) ??
        (home && candidates.includes(home) ? home : candidates[0]);
      if (!module) return defaultFieldResolver(parent, args, ctx, info);
      const moduleContext = ctx.modules[module.name];
      if (!root && producer !== module) {
        const resolveReference = (
          module.resolvers as Record<string, { __resolveReference?: (...a: unknown[]) => unknown }>
        )[type.name]?.__resolveReference;
        if (resolveReference) {
          let perModule = references.get(source);
          if (!perModule) references.set(source, (perModule = new Map()));
          let resolved = perModule.get(module);
          if (!resolved) {
            resolved = Promise.resolve(
              resolveReference({ __typename: type.name, ...source }, moduleContext, info),
            );
            perModule.set(module, resolved);
          }
          const row = await resolved;
          if (row === null || row === undefined) return null;
          source = row as object;
          tag(source, module);
        }
      }
      const result = await resolveWith(module)(source, args, moduleContext, info);
      tag(result, module);
      return result;
    };
  }
}

/** The subgraphs' plugins (the access log), each given its own subgraph's context. */
const modulePlugins: ApolloServerPlugin<BoundContext>[] = subgraphs.flatMap((module) =>
  (module.plugins ?? []).map((plugin: ApolloServerPlugin<object>): ApolloServerPlugin<BoundContext> => ({
    async requestDidStart(requestContext) {
      const own = { ...requestContext, contextValue: requestContext.contextValue.modules[module.name] };
      const listener = await plugin.requestDidStart?.(own as never);
      if (!listener?.willSendResponse) return;
      return {
        willSendResponse: async (responseContext) =>
          listener.willSendResponse?.({
            ...responseContext,
            contextValue: responseContext.contextValue.modules[module.name],
          } as never),
      };
    },
  })),
);

/** Facts of other domains for submissions: the same schema, in process. */
const supergraph: SupergraphClient = {
  async query(query, variables, onBehalfOf) {
    const response = await apollo.executeOperation(
      { query, variables },
      { contextValue: await contextFor(onBehalfOf) },
    );
    const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
    return { data: result?.data as never, errors: result?.errors as never };
  },
} as SupergraphClient;
// The same client limits as the subgraphs (CLIENT_LIMITS_FILE), counted in this process's memory.
const deps: SubgraphDeps = {
  supergraph,
  limits: { clients: readClientLimits(env.clientLimitsFile), store: createLimitStore() },
};

async function contextFor(headers: IncomingHttpHeaders): Promise<BoundContext> {
  const requestId = randomUUID();
  const caller = await authenticate(headers, verifyToken, requestId);
  const request = { requestId, headers, caller };
  return {
    modules: Object.fromEntries(
      subgraphs.map((module) => [
        module.name,
        module.createContext(handles[module.name]?.db as never, request, deps),
      ]),
    ),
  };
}

const apollo = new ApolloServer<BoundContext>({
  schema,
  plugins: [ApolloServerPluginInlineTraceDisabled(), ...modulePlugins],
  logger,
});
await apollo.start();
const server = createHttpServer({
  name: 'bound',
  apollo,
  graphqlPaths: ['/', '/graphql'],
  context: (req) => contextFor(req.headers),
  logger,
  routes: {
    '/health': (_req, res) => void res.writeHead(200).end('ok'),
    '/metrics': async (_req, res) => {
      res.writeHead(200, { 'content-type': metrics.registry.contentType });
      res.end(await metrics.registry.metrics());
    },
  },
});
const url = await listen(server, Number(process.argv[2] ?? 0), '127.0.0.1');
console.log(JSON.stringify({ msg: 'gateway listening', url: `${url}/` }));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
