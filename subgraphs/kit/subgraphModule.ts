import type { buildSubgraphSchema } from '@apollo/subgraph';
import type { DocumentNode } from 'graphql';
import type { IncomingHttpHeaders } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Caller } from '../../runtime/caller.ts';
import type { ScopeHooks } from './enforceScopes.ts';
import type { Db } from './createDb.ts';
import type { SubgraphName } from '../../runtime/subgraphNames.ts';
import type { SupergraphClient } from './supergraphClient.ts';
import type { Env } from '../../runtime/env.ts';
import type { Logger } from '../../runtime/logger.ts';
import type { Metrics } from '../../runtime/createMetrics.ts';
import type { ClientLimits } from '../../runtime/clientLimits.ts';
import type { LimitStore } from '../../runtime/createLimitStore.ts';

/**
 * The resolver map buildSubgraphSchema takes (the package does not export its name). Each subgraph
 * types its own map with the types generated from its SDL (resolverTypes.ts), which is what checks
 * parents, arguments, results and the context.
 */
export type SubgraphResolvers = NonNullable<
  Extract<
    Extract<Parameters<typeof buildSubgraphSchema>[0], readonly unknown[]>[number],
    { typeDefs: unknown }
  >['resolvers']
>;

/** What a subgraph knows about the request it serves. */
export interface SubgraphRequest {
  requestId: string;
  headers: IncomingHttpHeaders;
  /** Who is asking, from the client's own token and headers, as this subgraph verified them. */
  caller: Caller;
}

/** What a subgraph may be given besides its database: clients of other services. */
export interface SubgraphDeps {
  /** The supergraph, reached through the gateway on behalf of the calling client. */
  supergraph?: SupergraphClient;
  /** Each client's limits (CLIENT_LIMITS_FILE) and where they are counted (Redis or memory). */
  limits?: { clients: ClientLimits; store: LimitStore };
  /** The process's settings, for what a subgraph reads of them per request (the access log's key). */
  env?: Env;
  /** The status sync's settings (where webhooks may go, how many there may be); the defaults without. */
  statusSync?: Pick<Env['statusSync'], 'allowedHosts' | 'maxSubscribers'>;
}

/** The context every resolver gets: the request, the subgraph's repository and this request's loaders. */
export interface SubgraphContext<R, L> {
  request: SubgraphRequest;
  repo: R;
  loaders: L;
}

/**
 * The shape every subgraph exports, so that the gateway, the tests and `npm start` treat them alike:
 * its name, its SDL, its resolvers and the per-request context factory.
 */
export interface SubgraphModule<C extends object = object> {
  name: SubgraphName;
  /**
   * Every answer is the same whoever asks, so the router may share it between callers. True exactly
   * when the SDL guards nothing by caller (no @requiresScopes, @authenticated or @policy): the kit
   * refuses a module that says otherwise, and the gateway reads the same fact from the supergraph.
   */
  public: boolean;
  /**
   * Whether the subgraph reads other domains through the gateway, on behalf of its caller (the
   * dossiers subgraph's registry checks at submission). Without it the subgraph gets no supergraph client.
   */
  readsThroughGateway?: boolean;
  typeDefs: DocumentNode;
  resolvers: SubgraphResolvers;
  createContext(db: Db, request: SubgraphRequest, deps: SubgraphDeps): C;
  /** How @requiresScopes is checked against this subgraph's objects (citizen:self, per-field hooks). */
  scopeHooks?: ScopeHooks<C>;
  /** Apollo Server plugins of this subgraph (e.g. writing the access log before the response leaves). */
  plugins?: ApolloServerPlugin<C>[];
  /**
   * Work the subgraph process does besides answering (the access log's checkpoints): started once its
   * database is migrated, stopped after the last request drained and before the database closes.
   */
  startBackground?: BackgroundStarter;
  /** What its /ready warns of, without failing (the dossiers' working calendar running out). */
  readinessWarnings?: () => string[];
  /**
   * Plain HTTP routes beside GraphQL (the documents' uploads), by exact path: admitted like GraphQL (a
   * router's signature or certificate), with the caller from the client's own token in the context.
   */
  routes?: Record<string, SubgraphRoute<C>>;
}

/**
 * What a plain route answers: JSON, or bytes with their headers. `problem` is for the operators' log
 * only (what failed behind a refusal), never sent.
 */
export type RouteAnswer = (
  { status: number; body: unknown } | { status: number; bytes: Buffer; headers: Record<string, string> }
) & { problem?: string };

/** A plain HTTP route of a subgraph: one method, a body limit (0 for a GET), and its answer. */
export interface SubgraphRoute<C> {
  method: 'GET' | 'PUT' | 'POST';
  maxBytes(env: Env | undefined): number;
  handle(ctx: C, body: Buffer, url: URL): Promise<RouteAnswer>;
}

/** Starts a subgraph's background work; what it answers stops it. */
export type BackgroundStarter = (
  db: Db,
  env: Env,
  logger: Logger,
  metrics: Metrics,
) => Promise<{ stop(): Promise<void> }>;

/**
 * A subgraph module from its parts. The context is built the same way everywhere: one repository over
 * the database and loaders made fresh for each request, so no cache outlives it.
 */
export function defineSubgraph<R, L, E extends object = object>(spec: {
  name: SubgraphName;
  public: boolean;
  readsThroughGateway?: boolean;
  typeDefs: DocumentNode;
  resolvers: SubgraphResolvers;
  createRepository(db: Db): R;
  /** The request's loaders (the request: for loaders whose queries depend on the caller). */
  createLoaders(repo: R, request: SubgraphRequest): L;
  /** Other per-request state (e.g. the access records a request collects). */
  createExtras?(request: SubgraphRequest, deps: SubgraphDeps): E;
  scopeHooks?: ScopeHooks<SubgraphContext<R, L> & E>;
  plugins?: ApolloServerPlugin<SubgraphContext<R, L> & E>[];
  startBackground?: BackgroundStarter;
  readinessWarnings?: () => string[];
  routes?: Record<string, SubgraphRoute<SubgraphContext<R, L> & E>>;
}): SubgraphModule<SubgraphContext<R, L> & E> {
  return {
    name: spec.name,
    public: spec.public,
    readsThroughGateway: spec.readsThroughGateway,
    typeDefs: spec.typeDefs,
    resolvers: spec.resolvers,
    scopeHooks: spec.scopeHooks,
    plugins: spec.plugins,
    startBackground: spec.startBackground,
    readinessWarnings: spec.readinessWarnings,
    routes: spec.routes,
    createContext(db, request, deps) {
      const repo = spec.createRepository(db);
      return {
        request,
        repo,
        loaders: spec.createLoaders(repo, request),
        ...(spec.createExtras?.(request, deps) as E),
      };
    },
  };
}

/** Any subgraph module, whatever its context type: what the lists of subgraphs hold. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySubgraphModule = SubgraphModule<any>;
