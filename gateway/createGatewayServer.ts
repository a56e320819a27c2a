import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { DocumentNode } from 'graphql';
import { ApolloGateway, IntrospectAndCompose, type GraphQLDataSource } from '@apollo/gateway';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginLandingPageLocalDefault,
  ApolloServerPluginLandingPageProductionDefault,
} from '@apollo/server/plugin/landingPage/default';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import {
  answerReady,
  BodyTooLarge,
  createHttpServer,
  createRouteServer,
  readBody,
  sendError,
  type RouteHandler,
} from '../runtime/createHttpServer.ts';
import { Counter, Histogram } from 'prom-client';
import { createMetrics, type Metrics } from '../runtime/createMetrics.ts';
import { observe, registeredNames } from '../runtime/observe.ts';
import type { SubgraphName } from '../runtime/env.ts';
import { createFormatError } from '../runtime/formatError.ts';
import type { Logger } from '../runtime/logger.ts';
import { installScalars } from './installScalars.ts';
import { operationHash, safelistPlugin } from './operationSafelist.ts';
import { explorerAssetRoutes, renderExplorer } from './renderExplorer.ts';
import { renderStatsPage } from './renderStatsPage.ts';
import { documentBytes, operationLimits, oversizedQuery, protections } from './operationLimits.ts';
import { SubgraphDataSource } from './SubgraphDataSource.ts';
import { createHttpFetcher } from '../runtime/createHttpFetcher.ts';
import type { RouterRequestSigner } from '../runtime/signRouterRequest.ts';
import type { TokenVerifier } from '../runtime/authenticate.ts';
import { gatewayContext, type GatewayContext } from './gatewayContext.ts';
import { publicSubgraphsOf } from './publicSubgraphsOf.ts';
import { errorStatusPlugin } from './errorStatusPlugin.ts';
import { refuseForbiddenCharacters } from '../runtime/refuseForbiddenCharacters.ts';
import { clientLimits, type ClientLimits } from '../runtime/clientLimits.ts';
import { createLimitStore, type LimitStore } from '../runtime/createLimitStore.ts';
import { clientRateLimits } from './clientRateLimits.ts';
import { clientAddress } from './clientAddress.ts';
import { watchSupergraph } from './watchSupergraph.ts';

export interface GatewayOptions {
  /** The composed supergraph SDL; omit with `introspect` to compose from running subgraphs. */
  supergraphSdl?: string;
  /** The supergraph file instead, reloaded when it changes and on `reloadSupergraph` (SIGHUP). */
  supergraphFile?: string;
  /** How often to look for a change of that file, in ms (0: only on `reloadSupergraph`). */
  supergraphWatchMs?: number;
  /** Compose at start-up from these running subgraphs instead (development). */
  introspect?: Array<{ name: string; url: string }>;
  /** Where to reach each subgraph, overriding the URL written in the supergraph. */
  subgraphUrls?: Partial<Record<SubgraphName, string>>;
  /** Per-subgraph fetch timeout in milliseconds (default 3,000). */
  subgraphTimeoutMs?: Partial<Record<SubgraphName, number>>;
  /** Timeout of a mutation's fetch (default 30,000): abandoning one leaves its outcome unknown. */
  mutationTimeoutMs?: number;
  /** UPLOAD_MAX_BYTES: the largest scan passed through to the documents subgraph (default 10 MiB). */
  uploadMaxBytes?: number;
  /** How long answers of the public subgraphs are reused across requests (0 or absent: never). */
  publicCacheTtlMs?: number;
  /** Replaces the HTTP data source (in-process tests). */
  buildService?: (subgraph: { name: string; url?: string }) => GraphQLDataSource;
  mode: 'development' | 'production' | 'test';
  logger: Logger;
  verifyToken: TokenVerifier;
  /** Signs every subgraph fetch (RFC 9421). */
  sign: RouterRequestSigner;
  /** Mutual TLS to the subgraphs: the router's client certificate and the CA it trusts them by. */
  routerTls?: { cert?: Buffer; key?: Buffer; ca?: Buffer };
  /** Browser origins allowed to call (CORS): a list, or 'local' for any localhost port (development). */
  corsOrigins?: string[] | 'local';
  /** When set, only these operation hashes are served (plus the gateway's own statistics query). */
  safelist?: Set<string>;
  /** The registered operations by name (SAFELIST_PATH, enforced or not): the only names metrics label. */
  registeredOperations?: Map<string, Set<string>>;
  /** Headers the offline explorer starts with (a development token, a purpose). */
  explorerHeaders?: () => Promise<Record<string, string>>;
  /** Each client's limits (CLIENT_LIMITS_FILE); absent: the defaults. */
  limits?: ClientLimits;
  /** Where the limits count (Redis shared by the replicas, or memory); absent: this process's memory. */
  limitStore?: LimitStore;
  /** Proxies in front that append to X-Forwarded-For (see clientAddress). */
  trustedProxyHops?: number;
}

/**
 * The pages' Content-Security-Policy: the statistics page is one HTML document with inline styles and no
 * script; the explorer is a small page whose scripts, styles and editor workers are the gateway's own
 * files (no inline script: its options are a JSON element) and talks to /graphql only. Neither may be framed (clickjacking).
 */
const statsPolicy =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const explorerPolicy =
  "default-src 'self'; script-src 'self' 'unsafe-eval'; worker-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

const pageSecurityHeaders = (policy: string) => ({
  'content-security-policy': policy,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
});

export interface GatewayServer {
  apollo: ApolloServer<GatewayContext>;
  /** The port clients reach: GraphQL, the explorer, the statistics page, /health and /ready. */
  http: http.Server;
  /** The operator port (METRICS_PORT, loopback by default): /metrics, /health and /ready. */
  operator: http.Server;
  metrics: Metrics;
  /** Counts a request against its caller's requests a minute (RATE_LIMITED past it), as HTTP requests are. */
  admitRequest(context: GatewayContext): Promise<void>;
  /** Reads the supergraph file again (with `supergraphFile`; otherwise there is nothing to reload). */
  reloadSupergraph(trigger: string): Promise<'loaded' | 'unchanged' | 'failed'>;
  stop(): Promise<void>;
}

/** What /.well-known/access-log-key asks the supergraph. */
const accessLogKeyQuery = 'query AccessLogVerifierKey { accessLogVerifierKey }';
/** What /.well-known/document-keys and /.well-known/document-revocations ask. */
const documentKeysQuery = 'query DocumentSigningKeys { documentSigningKeys }';
const documentRevocationsQuery = 'query DocumentRevocations { documentRevocations { id revokedAt } }';

const statsQuery = `query PublicStatistics {
  total: dossierStatistics { ...Figures }
  provinces: dossierStatisticsBy(by: PROVINCE) { key statistics { ...Figures } }
  agencies: dossierStatisticsBy(by: AGENCY) { key statistics { ...Figures } }
}
fragment Figures on DossierStatistics {
  total suppressed online fullyOnline completedOnTime completedLate paperlessRequirements totalRequirements averageRating ratings
}`;

/** Builds and starts (without listening) the Apollo Gateway over the supergraph, with its HTTP front. */
export async function createGatewayServer(options: GatewayOptions): Promise<GatewayServer> {
  const metrics = createMetrics('gateway', { processMetrics: true });
  /** Where each subgraph of the loaded supergraph is reached, for /ready. */
  const subgraphEndpoints = new Map<string, string>();
  const subgraphFaults = new Counter({
    name: 'subgraph_faults_total',
    help: 'Gateway fetches to a subgraph that failed: retried once, or given up as SUBGRAPH_UNAVAILABLE',
    labelNames: ['subgraph', 'kind', 'reason'] as const,
    registers: [metrics.registry],
  });
  const fetchDuration = new Histogram({
    name: 'subgraph_fetch_duration_seconds',
    help: 'Gateway fetches to each subgraph',
    labelNames: ['subgraph'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 3],
    registers: [metrics.registry],
  });
  const publicCacheLookups = new Counter({
    name: 'public_cache_lookups_total',
    help: 'Entities and answers of public subgraphs looked up in the gateway cache, by result',
    labelNames: ['subgraph', 'result'] as const,
    registers: [metrics.registry],
  });
  // @apollo/gateway otherwise probes cloud metadata addresses and sends usage metrics to Apollo over the
  // internet; it has no constructor option, only this variable. Nothing leaves this network.
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
  // Composed at start from running subgraphs (development), nothing is taken as public: no sharing.
  // With a supergraph file, read again from each version of it before its services are built.
  let publicSubgraphs = options.supergraphSdl ? publicSubgraphsOf(options.supergraphSdl) : new Set<string>();
  const supergraphReloads = new Counter({
    name: 'supergraph_reloads_total',
    help: 'Supergraph file changes and SIGHUPs, by result: loaded, or failed (the old one kept serving)',
    labelNames: ['result'] as const,
    registers: [metrics.registry],
  });
  const watch =
    options.supergraphFile === undefined
      ? undefined
      : watchSupergraph({
          path: options.supergraphFile,
          intervalMs: options.supergraphWatchMs ?? 1000,
          logger: options.logger,
          beforeUpdate: (sdl) => {
            publicSubgraphs = publicSubgraphsOf(sdl);
          },
          onResult: (result) => supergraphReloads.inc({ result }),
        });
  // One HTTP client for every subgraph: keep-alive sockets, at most 64 per subgraph.
  const fetcher = createHttpFetcher({ maxSockets: 64, tls: options.routerTls });
  const gateway = new ApolloGateway({
    // Plans are sized by their JSON, while each holds its fetches' operations as text and as ASTs, some
    // times more in memory: 30 MiB (the default) of distinct large operations held about 100 MB (#26).
    experimental_approximateQueryPlanStoreMiB: operationLimits.queryPlanCacheMiB,
    ...(options.introspect
      ? { supergraphSdl: new IntrospectAndCompose({ subgraphs: options.introspect }) }
      : { supergraphSdl: watch?.hook ?? options.supergraphSdl }),
    buildService:
      options.buildService ??
      (({ name, url }) => {
        const endpoint = options.subgraphUrls?.[name as SubgraphName] ?? url ?? '';
        subgraphEndpoints.set(name, endpoint);
        return new SubgraphDataSource({
          name,
          url: endpoint,
          sign: options.sign,
          fetcher,
          timeoutMs: options.subgraphTimeoutMs?.[name as SubgraphName] ?? 3000,
          mutationTimeoutMs: options.mutationTimeoutMs ?? 30_000,
          publicCache:
            publicSubgraphs.has(name) && options.publicCacheTtlMs
              ? {
                  ttlMs: options.publicCacheTtlMs,
                  onLookup: (hit) => publicCacheLookups.inc({ subgraph: name, result: hit ? 'hit' : 'miss' }),
                }
              : undefined,
          onFetch: (seconds) => fetchDuration.observe({ subgraph: name }, seconds),
          onFault: (kind, reason) => {
            subgraphFaults.inc({ subgraph: name, kind, reason });
            options.logger.warn({ subgraph: name, kind, reason }, 'subgraph fetch failed');
          },
        });
      }),
    logger: options.logger,
  });
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => installScalars(apiSchema));
  const production = options.mode === 'production';
  const limits = protections(production);
  const limitStore = options.limitStore ?? createLimitStore();
  const rateLimits = clientRateLimits({
    limits: options.limits ?? clientLimits(),
    store: limitStore,
    registry: metrics.registry,
  });
  /** The request ids of the operations being served now, with how many requests carry each. */
  const inFlight = new Map<string, number>();
  const tracksInFlight: ApolloServerPlugin<GatewayContext> = {
    async requestDidStart({ contextValue }) {
      const id = contextValue.requestId;
      inFlight.set(id, (inFlight.get(id) ?? 0) + 1);
      return {
        async willSendResponse() {
          const left = (inFlight.get(id) ?? 1) - 1;
          if (left <= 0) inFlight.delete(id);
          else inFlight.set(id, left);
        },
      };
    },
  };
  const apollo = new ApolloServer<GatewayContext>({
    // runMain owns SIGINT and SIGTERM: Apollo's own handlers (on unless NODE_ENV=test) would stop the
    // server at once, before the drain.
    stopOnTerminationSignals: false,
    gateway,
    validationRules: limits.validationRules,
    // Bounded by what an entry really holds: its source and tokens, which the default size misses.
    documentStore: new InMemoryLRUCache<DocumentNode>({
      maxSize: operationLimits.documentCacheMiB * 1024 * 1024,
      sizeCalculation: documentBytes,
    }),
    parseOptions: limits.parseOptions,
    allowBatchedHttpRequests: false,
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    formatError: createFormatError({ hideSuggestions: production }),
    logger: options.logger,
    plugins: [
      tracksInFlight,
      observe<GatewayContext>(
        'gateway',
        metrics,
        options.logger,
        (ctx) => ctx.requestId,
        registeredNames(options.registeredOperations ?? new Map(), operationHash),
      ),
      errorStatusPlugin<GatewayContext>(),
      refuseForbiddenCharacters<GatewayContext>(),
      ...limits.plugins,
      rateLimits.plugin,
      ...(options.safelist
        ? [
            safelistPlugin(
              new Set([...options.safelist, operationHash(statsQuery), operationHash(accessLogKeyQuery)]),
            ),
          ]
        : []),
      ApolloServerPluginUsageReportingDisabled(),
      // No cache hints are set anywhere: spare parsing each subgraph answer's Cache-Control.
      ApolloServerPluginCacheControlDisabled(),
      // Apollo Sandbox at / for online integrators; its page loads from Apollo's CDN in their browser.
      production
        ? ApolloServerPluginLandingPageProductionDefault({ footer: false })
        : ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false }),
    ],
  });
  await apollo.start();

  // The transparency page reads the public statistics through the gateway itself, as an anonymous caller.
  /** A public operation run on behalf of an anonymous caller at `address` (the pages and well-known URLs). */
  const publicOperation = async (query: string, address: string, requestId: string) => {
    const response = await apollo.executeOperation(
      { query },
      {
        contextValue: {
          requestId: randomUUID(),
          forward: {},
          // Counted against the address asking for the page, as its own query would be.
          address,
          caller: {
            role: 'anonymous',
            subject: null,
            agency: null,
            scopes: [],
            purpose: null,
            dossierCode: null,
            legalBasis: null,
            requestId,
          },
        },
      },
    );
    if (response.body.kind !== 'single') throw new Error(`${requestId}: incremental delivery is not used`);
    return response.body.singleResult;
  };
  const statistics = (address: string) => publicOperation(statsQuery, address, 'stats');
  /**
   * The token check and rate limit of a GraphQL request, for the documents' plain routes: the caller's
   * context, or null once the refusal is sent.
   */
  const admitToDocuments = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    roles: Array<GatewayContext['caller']['role']>,
  ): Promise<GatewayContext | null> => {
    let context: GatewayContext;
    try {
      context = await gatewayContext(
        req.headers,
        options.verifyToken,
        clientAddress(req, options.trustedProxyHops ?? 0),
      );
      await rateLimits.admit(context);
    } catch (error) {
      const e = error as { message: string; extensions?: { code?: string; http?: { status?: number } } };
      if (e.extensions?.code === 'RATE_LIMITED') res.setHeader('retry-after', '60');
      sendError(res, e.extensions?.http?.status ?? 401, e.extensions?.code ?? 'UNAUTHENTICATED', e.message);
      return null;
    }
    if (!roles.includes(context.caller.role)) {
      sendError(res, 401, 'UNAUTHENTICATED', 'This URL needs the bearer token of the caller it was given to');
      return null;
    }
    return context;
  };
  /** Passes a plain request to the same path of the documents subgraph, signed; null once a refusal is sent. */
  const passToDocuments = async (
    req: http.IncomingMessage,
    res: http.ServerResponse,
    context: GatewayContext,
    method: 'GET' | 'PUT',
    body: Buffer,
  ): Promise<Response | null> => {
    const endpoint = subgraphEndpoints.get('documents');
    if (!endpoint) {
      sendError(res, 503, 'SUBGRAPH_UNAVAILABLE', 'The documents service is not in the supergraph');
      return null;
    }
    const incoming = new URL(req.url ?? '/', 'http://localhost');
    const target = new URL(endpoint);
    target.pathname = incoming.pathname;
    target.search = incoming.search;
    const headers = await options.sign({
      method,
      url: target.toString(),
      headers: {
        ...context.forward,
        ...(method === 'PUT' ? { 'content-type': 'application/octet-stream' } : {}),
      },
      body,
    });
    try {
      return await fetcher(target.toString(), {
        method,
        headers,
        ...(method === 'PUT' ? { body } : {}),
        signal: AbortSignal.timeout(options.mutationTimeoutMs ?? 30_000),
      });
    } catch {
      sendError(res, 503, 'SUBGRAPH_UNAVAILABLE', 'The documents service did not answer');
      return null;
    }
  };
  // Ready once the supergraph is loaded and every subgraph answers its health check.
  const readiness = async () => {
    const checks: Record<string, boolean> = { supergraph: subgraphEndpoints.size > 0 };
    await Promise.all(
      [...subgraphEndpoints].map(async ([name, endpoint]) => {
        checks[name] = await fetch(new URL('/health', endpoint), {
          signal: AbortSignal.timeout(1500),
        }).then(
          (response) => response.ok,
          () => false,
        );
      }),
    );
    return checks;
  };
  const health: RouteHandler = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
  };
  const server = createHttpServer({
    name: 'gateway',
    apollo,
    graphqlPaths: ['/', '/graphql'],
    bodyLimitBytes: operationLimits.bodyBytes,
    refuseQuery: oversizedQuery,
    // A submission in flight reads the registries back through this gateway under its own request id:
    // those reads are part of work already taken, and are served while the gateway drains.
    admitWhileDraining: (req) => {
      const id = req.headers['x-request-id'];
      return typeof id === 'string' && inFlight.has(id);
    },
    // Behind a proxy every client shares its address: the proxy limits connections per client then.
    connectionsPerAddress:
      (options.trustedProxyHops ?? 0) === 0 ? operationLimits.connectionsPerAddress : undefined,
    allowOrigin: (origin) =>
      options.corsOrigins === 'local'
        ? /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?$/.test(origin)
        : (options.corsOrigins ?? []).includes(origin),
    logger: options.logger,
    context: async (req) => {
      const context = await gatewayContext(
        req.headers,
        options.verifyToken,
        clientAddress(req, options.trustedProxyHops ?? 0),
      );
      // Before the body is parsed: a flood is refused at the cost of a token check and a counter.
      await rateLimits.admit(context);
      return context;
    },
    readiness,
    routes: {
      '/health': health,
      ...explorerAssetRoutes,
      '/explorer': async (_req, res) => {
        // Percent-encoded: a browser sends header bytes as Latin-1, and the gateway reads only UTF-8.
        const headers = {
          'X-Purpose': encodeURIComponent('Khám phá API (explorer)'),
          ...(await options.explorerHeaders?.()),
        };
        res
          .writeHead(200, {
            'content-type': 'text/html; charset=utf-8',
            // The page carries a token: never cached, never framed, never sent on as a referrer.
            'cache-control': 'no-store',
            ...pageSecurityHeaders(explorerPolicy),
          })
          .end(renderExplorer(headers));
      },
      // The access log's verifier key where a citizen's or an auditor's tool expects to find it.
      '/.well-known/access-log-key': async (req, res) => {
        const result = await publicOperation(
          accessLogKeyQuery,
          clientAddress(req, options.trustedProxyHops ?? 0),
          'access-log-key',
        );
        const key = (result.data as { accessLogVerifierKey?: string | null } | null)?.accessLogVerifierKey;
        if (!key) return sendError(res, 503, 'SUBGRAPH_UNAVAILABLE', 'The access log key could not be read');
        res.writeHead(200, {
          'content-type': 'text/plain; charset=utf-8',
          'cache-control': 'public, max-age=300',
        });
        res.end(`${key}\n`);
      },
      // The agencies' document-signing keys (a JWK Set) and the revoked documents, where a verifier
      // (npm run document:verify, any JWS library) fetches them once and then checks documents offline.
      '/.well-known/document-keys': async (req, res) => {
        const result = await publicOperation(
          documentKeysQuery,
          clientAddress(req, options.trustedProxyHops ?? 0),
          'document-keys',
        );
        const jwks = (result.data as { documentSigningKeys?: string | null } | null)?.documentSigningKeys;
        if (!jwks)
          return sendError(res, 503, 'SUBGRAPH_UNAVAILABLE', 'The document-signing keys could not be read');
        res.writeHead(200, {
          'content-type': 'application/jwk-set+json',
          'cache-control': 'public, max-age=300',
        });
        res.end(jwks);
      },
      '/.well-known/document-revocations': async (req, res) => {
        const result = await publicOperation(
          documentRevocationsQuery,
          clientAddress(req, options.trustedProxyHops ?? 0),
          'document-revocations',
        );
        const revocations = (result.data as { documentRevocations?: unknown[] | null } | null)
          ?.documentRevocations;
        if (!revocations || result.errors?.length)
          return sendError(res, 503, 'SUBGRAPH_UNAVAILABLE', 'The document revocations could not be read');
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'public, max-age=60' });
        res.end(JSON.stringify({ revocations }));
      },
      // The scans of digitised components come as plain bytes to the URL requestUpload gave: passed
      // through to the documents subgraph (never exposed itself), signed like every subgraph fetch, after
      // the same token check and rate limit as a GraphQL request.
      '/uploads': async (req, res) => {
        if (req.method !== 'PUT') return sendError(res, 405, 'BAD_REQUEST', 'An upload is a PUT of the file');
        const context = await admitToDocuments(req, res, ['client']);
        if (!context) return;
        const limit = options.uploadMaxBytes ?? 10 * 1024 * 1024;
        let body: Buffer;
        try {
          body = await readBody(req, limit);
        } catch (error) {
          if (error instanceof BodyTooLarge)
            return sendError(res, 413, 'LIMIT_EXCEEDED', `A scan may be at most ${limit} bytes`);
          throw error;
        }
        const answer = await passToDocuments(req, res, context, 'PUT', body);
        if (!answer) return;
        res.writeHead(answer.status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(await answer.text());
      },
      // And back: a scan's bytes, to the client or citizen that DigitisedComponent.download gave the
      // one-time URL to. Served as an attachment that no browser runs or renders in the gateway's origin.
      '/scans': async (req, res) => {
        if (req.method !== 'GET')
          return sendError(res, 405, 'BAD_REQUEST', 'A scan is downloaded with a GET');
        const context = await admitToDocuments(req, res, ['client', 'citizen']);
        if (!context) return;
        const answer = await passToDocuments(req, res, context, 'GET', Buffer.alloc(0));
        if (!answer) return;
        const type = answer.headers.get('content-type') ?? 'application/json';
        const disposition = answer.headers.get('content-disposition');
        res.writeHead(answer.status, {
          'content-type': type,
          ...(disposition ? { 'content-disposition': disposition } : {}),
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
          'content-security-policy': "default-src 'none'; sandbox",
        });
        res.end(Buffer.from(await answer.arrayBuffer()));
      },
      '/stats': async (req, res) => {
        const result = await statistics(clientAddress(req, options.trustedProxyHops ?? 0));
        const refusal = result.errors?.find((e) => e.extensions?.code === 'RATE_LIMITED');
        if (refusal) {
          res.setHeader('retry-after', String(refusal.extensions?.retryAfterSeconds ?? 60));
          return sendError(res, 429, 'RATE_LIMITED', refusal.message);
        }
        if (!result.data || result.errors?.length)
          throw new Error(`statistics unavailable: ${JSON.stringify(result.errors)}`);
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'public, max-age=60',
          ...pageSecurityHeaders(statsPolicy),
        });
        res.end(renderStatsPage(result.data as Parameters<typeof renderStatsPage>[0]));
      },
    },
  });
  // Operators' endpoints, on a port of their own (loopback by default): what /metrics says about the
  // traffic is for the people running the gateway, and scraping it must not queue behind clients.
  const operator = createRouteServer(
    {
      '/metrics': async (_req, res) => {
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(await metrics.registry.metrics());
      },
      '/health': health,
      '/ready': (_req, res) => answerReady(server, readiness, res),
    },
    options.logger,
  );
  return {
    apollo,
    http: server,
    operator,
    metrics,
    admitRequest: rateLimits.admit,
    reloadSupergraph: (trigger) => watch?.reload(trigger) ?? Promise.resolve('unchanged'),
    stop: async () => {
      await apollo.stop();
      await limitStore.close();
    },
  };
}
