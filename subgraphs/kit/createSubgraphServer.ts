import { sql } from 'drizzle-orm';
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { visit } from 'graphql';
import type http from 'node:http';
import { readFileSync } from 'node:fs';
import { requestIdOf } from '../../runtime/caller.ts';
import { authenticate, createTokenVerifier, type TokenVerifier } from '../../runtime/authenticate.ts';
import { loadRouterPublicKeys } from '../../runtime/routerKeys.ts';
import { createRouterRequestVerifier } from '../../runtime/verifyRouterRequest.ts';
import { refusalReason, routerAdmission, type RouterAdmission } from './routerAdmission.ts';
import { Counter } from 'prom-client';
import { createDb, type DbHandle } from './createDb.ts';
import { enforceScopes, type ScopeHooks } from './enforceScopes.ts';
import { observe } from '../../runtime/observe.ts';
import { refuseForbiddenCharacters } from '../../runtime/refuseForbiddenCharacters.ts';
import {
  BodyTooLarge,
  closeServer,
  createHttpServer,
  listen,
  readBody,
  sendError,
} from '../../runtime/createHttpServer.ts';
import { createMetrics, type Metrics } from '../../runtime/createMetrics.ts';
import { loadEnv } from '../../runtime/env.ts';
import { createFormatError } from '../../runtime/formatError.ts';
import { isDatabaseUnreachable } from './isDatabaseUnreachable.ts';
import { createLogger, type Logger } from '../../runtime/logger.ts';
import type { SubgraphDeps, SubgraphModule } from './subgraphModule.ts';
import { createHttpSupergraphClient } from './supergraphClient.ts';
import { readClientLimits } from '../../runtime/clientLimits.ts';
import { createLimitStore } from '../../runtime/createLimitStore.ts';

export interface SubgraphServer<C extends object = object> {
  module: SubgraphModule<C>;
  apollo: ApolloServer<C>;
  http: http.Server;
  db: DbHandle;
  metrics: Metrics;
  /**
   * The per-request context for the given request headers (fresh repository and loaders), with the
   * caller from the client's own token and purpose; rejects with UNAUTHENTICATED (401) for a bad token.
   * Over HTTP, the request has passed the router check (admit) before this.
   */
  contextFor(headers: http.IncomingHttpHeaders): Promise<C>;
}

export interface SubgraphServerOptions {
  db: DbHandle;
  /** Verifies the client tokens the router forwards (the same issuer keys as the gateway). */
  verifyToken: TokenVerifier;
  /** Which HTTP requests come from a router (signature or mutual TLS); see routerAdmission. */
  admit: RouterAdmission;
  /** Serve HTTPS (and mutual TLS with `ca` and `requestCert`). */
  tls?: import('node:https').ServerOptions;
  metrics: Metrics;
  logger?: Logger;
  deps?: SubgraphDeps;
}

/** Refuses a module whose `public` contradicts its SDL (see SubgraphModule.public). */
function checkPublic(module: Pick<SubgraphModule, 'name' | 'public' | 'typeDefs'>): void {
  let guarded = false;
  visit(module.typeDefs, {
    Directive(node) {
      if (['requiresScopes', 'authenticated', 'policy'].includes(node.name.value)) guarded = true;
    },
  });
  if (module.public === guarded)
    throw new Error(
      module.public
        ? `${module.name} says it is public but its SDL guards fields by caller: answers must not be shared`
        : `${module.name} says it is not public but its SDL guards nothing by caller: add the directives that guard it`,
    );
}

/** Builds (without listening) the Apollo subgraph server and its HTTP front for one subgraph module. */
export async function createSubgraphServer<C extends object>(
  module: SubgraphModule<C>,
  options: SubgraphServerOptions,
): Promise<SubgraphServer<C>> {
  const logger = options.logger ?? createLogger(module.name);
  checkPublic(module);
  const schema = buildSubgraphSchema([{ typeDefs: module.typeDefs, resolvers: module.resolvers }]);
  enforceScopes(schema, module.scopeHooks as ScopeHooks<never>);
  const apollo = new ApolloServer<C>({
    // runMain owns SIGINT and SIGTERM: Apollo's own handlers (on unless NODE_ENV=test) would stop the
    // server at once, before the drain.
    stopOnTerminationSignals: false,
    schema,
    // Inline traces cost time on every request and only serve Apollo's hosted usage reporting. The
    // cache-control plugin wraps every field resolver to collect cache hints nobody sets here.
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      ApolloServerPluginLandingPageDisabled(),
      observe<C>(
        module.name,
        options.metrics,
        logger,
        (ctx) => (ctx as { request: { requestId: string } }).request.requestId,
      ),
      refuseForbiddenCharacters<C>(),
      ...(module.plugins ?? []),
    ],
    formatError: createFormatError({
      database: { subgraph: module.name, isUnreachable: isDatabaseUnreachable },
    }),
    includeStacktraceInErrorResponses: false,
    logger,
  });
  await apollo.start();

  // The subgraph decides on the client's own credentials, as the gateway did at the edge: it relies on
  // no check made in front of it.
  const contextFor = async (headers: http.IncomingHttpHeaders) => {
    const requestId = requestIdOf(headers);
    const caller = await authenticate(headers, options.verifyToken, requestId);
    return module.createContext(options.db.db, { requestId, headers, caller }, options.deps ?? {});
  };

  // A refused router request is an attack or a misconfigured router: counted and logged, by class.
  const refused = new Counter({
    name: 'router_requests_refused_total',
    help: 'Requests refused because no router vouched for them (signature or client certificate), by reason',
    labelNames: ['reason'] as const,
    registers: [options.metrics.registry],
  });
  const admit: RouterAdmission = async (req, body) => {
    const refusal = await options.admit(req, body);
    if (refusal) {
      const reason = refusalReason(refusal);
      refused.inc({ reason });
      logger.warn(
        { reason, refusal, remoteAddress: req.socket.remoteAddress, path: req.url },
        'router request refused',
      );
    }
    return refusal;
  };
  const server = createHttpServer({
    name: module.name,
    apollo,
    graphqlPaths: ['/graphql'],
    context: (req) => contextFor(req.headers),
    // Every operation, _service and _entities included, must come from a router: nobody reads a
    // subgraph directly.
    admit,
    tls: options.tls,
    logger,
    warnings: module.readinessWarnings,
    readiness: async () => ({
      database: await options.db.db.execute(sql`select 1`).then(
        () => true,
        () => false,
      ),
    }),
    routes: {
      '/health': (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      },
      '/metrics': async (_req, res) => {
        res.writeHead(200, { 'content-type': options.metrics.registry.contentType });
        res.end(await options.metrics.registry.metrics());
      },
      ...Object.fromEntries(
        Object.entries(module.routes ?? {}).map(([path, route]) => [
          path,
          async (req: http.IncomingMessage, res: http.ServerResponse) => {
            if (req.method !== route.method)
              return sendError(res, 405, 'BAD_REQUEST', `${path} takes ${route.method}`);
            const limit = route.maxBytes(options.deps?.env);
            let body: Buffer;
            try {
              body = await readBody(req, limit);
            } catch (error) {
              if (error instanceof BodyTooLarge)
                return sendError(res, 413, 'LIMIT_EXCEEDED', `The body is larger than ${limit} bytes`);
              throw error;
            }
            // Like every operation, only from a router, and for the client its own token names.
            const refusal = await admit(req, body);
            if (refusal) return sendError(res, 401, 'UNAUTHENTICATED', refusal);
            let ctx: C;
            try {
              ctx = await contextFor(req.headers);
            } catch (error) {
              const e = error as { message: string; extensions?: { code?: string } };
              return sendError(res, 401, e.extensions?.code ?? 'UNAUTHENTICATED', e.message);
            }
            const answer = await route.handle(ctx, body, new URL(req.url ?? '/', 'http://localhost'));
            if (answer.problem)
              logger.warn({ path, status: answer.status, problem: answer.problem }, 'route refused');
            if ('bytes' in answer) {
              res.writeHead(answer.status, {
                ...answer.headers,
                'content-length': String(answer.bytes.length),
                'cache-control': 'no-store',
              });
              res.end(answer.bytes);
              return;
            }
            res.writeHead(answer.status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
            res.end(JSON.stringify(answer.body));
          },
        ]),
      ),
    },
  });
  return { module, apollo, http: server, db: options.db, metrics: options.metrics, contextFor };
}

export interface StartOptions {
  port?: number;
  host?: string;
  /** Fills an empty database with demo data (passed in by the entry that wants it). */
  seedIfEmpty?: (db: DbHandle) => Promise<void>;
  logger?: Logger;
  /** Where the gateway is, when only known once it listens (npm start); default GATEWAY_URL. */
  gatewayUrl?: () => string;
}

export interface RunningSubgraph<C extends object = object> extends SubgraphServer<C> {
  url: string;
  close(): Promise<void>;
}

/**
 * The one way a subgraph starts: database from the environment (PGlite under .data/<name> or the
 * configured URL), migrations, optional demo seed, then HTTP. Used by `npm start`, by each
 * subgraph's main.ts and by the end-to-end tests.
 */
export async function startSubgraph<C extends object>(
  module: SubgraphModule<C>,
  options: StartOptions = {},
): Promise<RunningSubgraph<C>> {
  const env = loadEnv();
  const logger = options.logger ?? createLogger(module.name);
  const metrics = createMetrics(module.name, { processMetrics: true });
  const url = env.databaseUrls[module.name];
  const db = await createDb(module.name, {
    url,
    dataDir: url ? undefined : `${env.dataDir}/${module.name}`,
    poolMax: env.dbPoolMax,
    onStatement: () => metrics.dbStatements.inc({ subgraph: module.name }),
  });
  let background: { stop(): Promise<void> } | undefined;
  try {
    await db.migrate();
    if (options.seedIfEmpty) await options.seedIfEmpty(db);
    background = await module.startBackground?.(db.db, env, logger, metrics);
  } catch (error) {
    await db.close();
    throw error;
  }
  // Where routers address this subgraph: its configured URL (<SUBGRAPH>_URL, the one the gateway is
  // given), or else the loopback origins of the port it listens on (known once it listens).
  const origins = new Set<string>();
  const configured = env.subgraphUrls[module.name];
  const tls = env.subgraphTls && {
    cert: readFileSync(env.subgraphTls.certFile),
    key: readFileSync(env.subgraphTls.keyFile),
    ...(env.subgraphTls.clientCaFile
      ? { ca: readFileSync(env.subgraphTls.clientCaFile), requestCert: true, rejectUnauthorized: false }
      : {}),
  };
  // Shared by the replicas through Redis when REDIS_URL is set (population's daily citizen quota).
  const limitStore = createLimitStore({ redisUrl: env.redisUrl, logger });
  const server = await createSubgraphServer(module, {
    verifyToken: await createTokenVerifier(env),
    admit: routerAdmission(
      createRouterRequestVerifier({
        keys: await loadRouterPublicKeys(env),
        origins,
        fixedOrigin: configured ? new URL(configured).origin : undefined,
        // Shared by the replicas (Redis) so that a request replayed to another one is refused too.
        nonces: limitStore,
      }),
      { mutualTls: Boolean(env.subgraphTls?.clientCaFile) },
    ),
    tls,
    deps: {
      ...(module.readsThroughGateway
        ? { supergraph: createHttpSupergraphClient({ url: options.gatewayUrl ?? (() => env.gatewayUrl) }) }
        : {}),
      limits: { clients: readClientLimits(env.clientLimitsFile), store: limitStore },
      statusSync: env.statusSync,
      env,
    },
    db,
    metrics,
    logger,
  });
  const base = await listen(
    server.http,
    options.port ?? env.subgraphPorts[module.name],
    options.host ?? env.host,
  );
  const port = new URL(base).port;
  const scheme = new URL(base).protocol;
  for (const host of ['127.0.0.1', 'localhost', '[::1]']) origins.add(`${scheme}//${host}:${port}`);
  logger.info({ url: `${base}/graphql`, database: db.kind }, 'subgraph listening');
  return {
    ...server,
    url: `${base}/graphql`,
    async close() {
      await closeServer(server.http, env.drainDelayMs);
      await server.apollo.stop();
      await background?.stop();
      await limitStore.close();
      await db.close();
    },
  };
}
