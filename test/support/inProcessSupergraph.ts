import { decodeJwt } from 'jose';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GraphQLError } from 'graphql';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { IncomingHttpHeaders } from 'node:http';
import { createTokenVerifier } from '../../runtime/authenticate.ts';
import { createGatewayServer, type GatewayServer } from '../../gateway/createGatewayServer.ts';
import { gatewayContext } from '../../gateway/gatewayContext.ts';
import { type GatewayContext } from '../../gateway/gatewayContext.ts';
import { signDevToken, type TokenClaims } from '../../runtime/devKey.ts';
import { mergeEntityFetches } from '../../gateway/mergeEntityFetches.ts';
import { readSupergraph } from '../../gateway/readSupergraph.ts';
import { subgraphs } from '../../subgraphs/index.ts';
import type { Db } from '../../subgraphs/kit/createDb.ts';
import { createMetrics } from '../../runtime/createMetrics.ts';
import { createSubgraphServer, type SubgraphServer } from '../../subgraphs/kit/createSubgraphServer.ts';
import { loadEnv } from '../../runtime/env.ts';
import { createLogger } from '../../runtime/logger.ts';
import type { SupergraphClient } from '../../subgraphs/kit/supergraphClient.ts';
import { subgraphNames, type SubgraphName } from '../../runtime/subgraphNames.ts';
import { openTestDb } from './testDatabase.ts';
import { clientLimits, type ClientLimitsFile } from '../../runtime/clientLimits.ts';
import { createLimitStore } from '../../runtime/createLimitStore.ts';
import { legalBases } from '../../runtime/legalBases.ts';

/**
 * Executes the gateway's fetches against a subgraph server in this process, with the same forwarded
 * client headers, schema, context factory (the subgraph verifies the client token itself) and errors
 * as over HTTP, and the same merging of one request's same-selection entity fetches. The router
 * signature is an HTTP matter: the tests of routerSignatures.int.test.ts and the e2e suites check it.
 */
class InProcessDataSource implements GraphQLDataSource {
  constructor(private readonly server: SubgraphServer) {}

  readonly process = mergeEntityFetches((options) => this.execute(options));

  private async execute({ request, context }: GraphQLDataSourceProcessOptions) {
    const headers: IncomingHttpHeaders = {
      ...Object.fromEntries(request.http?.headers ?? []),
      ...(context as GatewayContext | undefined)?.forward,
    };
    let contextValue: object;
    try {
      contextValue = await this.server.contextFor(headers);
    } catch (error) {
      return { errors: [error as GraphQLError] } as never;
    }
    const response = await this.server.apollo.executeOperation(
      { query: request.query, variables: request.variables, operationName: request.operationName },
      { contextValue },
    );
    if (response.body.kind !== 'single') throw new Error('incremental delivery is not used');
    return response.body.singleResult as never;
  }
}

export interface GraphQLResult {
  /** The HTTP status the gateway would answer with (200 unless a plugin set one). */
  status?: number;
  /** Its Retry-After header, when it sent one. */
  retryAfter?: string;
  data?: Record<string, unknown> | null;
  errors?: ReadonlyArray<{
    message: string;
    path?: ReadonlyArray<string | number>;
    extensions?: Record<string, unknown>;
  }>;
}

export interface AsCaller {
  /** A bearer token; default: a client with every scope. null: no Authorization header. */
  token?: string | null;
  purpose?: string | null;
  dossierCode?: string;
  /** Sent as X-Legal-Basis (the default client sends defaultLegalBasis; null: none). */
  legalBasis?: string | null;
  /** Any other headers, as a client could send them. */
  headers?: Record<string, string>;
  /** Sent as X-Request-Id. */
  requestId?: string;
  /** The caller's IP address (what limits a caller without a token); default 127.0.0.1. */
  address?: string;
}

/** The default test client: a national client of no agency, reading under a legal basis. */
export const defaultClient = 'test-client';
export const defaultLegalBasis = 'PUBLIC-SERVICE-PORTAL';

/** Every scope of the contract: what the default test client holds. */
export const allScopes =
  'citizen:basic citizen:full citizen:sensitive business:read dossier:read dossier:read:all dossier:write audit:read document:read document:issue';

/**
 * Every subgraph over its test database and the gateway over the committed supergraph, all
 * in this process. Records every SQL statement each subgraph runs. Queries go through the gateway's
 * own authentication with tokens signed by a key made for this run.
 */
export async function createInProcessSupergraph(
  options: {
    mode?: 'test' | 'production';
    /** Serve only these operation hashes. */
    safelist?: Set<string>;
    /** Replaces a subgraph's database (to inject failures). */
    wrapDb?: (name: SubgraphName, db: Db) => Db;
    /** Per-client limits (as CLIENT_LIMITS_FILE holds them); default: the defaults. */
    limits?: ClientLimitsFile;
    /** WEBHOOK_ALLOWED_HOSTS: the hosts of this machine that webhooks may reach (none by default). */
    webhookAllowedHosts?: string[];
    /** WEBHOOK_MAX_SUBSCRIBERS (default 50). */
    webhookMaxSubscribers?: number;
    /** UPLOAD_MAX_BYTES and UPLOAD_DAILY_QUOTA_BYTES (defaults 10 MiB and 1 GiB). */
    uploads?: { maxBytes?: number; dailyQuotaBytes?: number };
    /** BLOB_STORE_URL and the S3_* settings (default: files under the test's DATA_DIR). */
    blobStore?: Record<string, string>;
  } = {},
) {
  const logger = createLogger('test', 'silent');
  // The default client is a national one (no agency, so no case to bind its reads to), registered for
  // every legal basis and naming one (defaultLegalBasis) unless the test says otherwise.
  const limits = clientLimits({
    ...options.limits,
    clients: {
      [defaultClient]: { legalBases: legalBases.map((b) => b.code) },
      ...options.limits?.clients,
    },
  });
  const limitStore = createLimitStore();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gateway-keys-'));
  const env = loadEnv({
    DATA_DIR: dataDir,
    UPLOAD_MAX_BYTES: options.uploads?.maxBytes?.toString(),
    UPLOAD_DAILY_QUOTA_BYTES: options.uploads?.dailyQuotaBytes?.toString(),
    ...options.blobStore,
  });
  const verifyToken = await createTokenVerifier(env);
  const token = (claims: TokenClaims) => signDevToken(dataDir, claims);
  const defaultToken = await token({ sub: defaultClient, scope: allScopes });
  const statements = Object.fromEntries(subgraphNames.map((n) => [n, [] as string[]])) as Record<
    SubgraphName,
    string[]
  >;
  /**
   * Whether the rig names the default legal basis for this token by itself: a client of no agency
   * that the limits register for it (as the default client is), unless the test says otherwise.
   */
  const readsUnderDefaultBasis = (token: string | null) => {
    if (!token) return false;
    let claims: ReturnType<typeof decodeJwt>;
    try {
      claims = decodeJwt(token);
    } catch {
      return false; // not a token at all: the gateway's UNAUTHENTICATED to give
    }
    return (
      claims.role !== 'citizen' &&
      !claims.agency &&
      typeof claims.sub === 'string' &&
      limits.legalBasesOf(claims.sub).includes(defaultLegalBasis)
    );
  };
  async function query(
    query: string,
    variables?: Record<string, unknown>,
    as: AsCaller = {},
  ): Promise<GraphQLResult> {
    const token = as.token === undefined ? defaultToken : as.token;
    const headers: IncomingHttpHeaders = {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(as.purpose === null ? {} : { 'x-purpose': as.purpose ?? 'integration test' }),
      ...(as.dossierCode ? { 'x-dossier-code': as.dossierCode } : {}),
      ...(as.legalBasis
        ? { 'x-legal-basis': as.legalBasis }
        : as.legalBasis === undefined && readsUnderDefaultBasis(token)
          ? { 'x-legal-basis': defaultLegalBasis }
          : {}),
      ...as.headers,
      ...(as.requestId ? { 'x-request-id': as.requestId } : {}),
    };
    let contextValue: GatewayContext;
    try {
      contextValue = await gatewayContext(headers, verifyToken, as.address ?? '127.0.0.1');
      await gateway.admitRequest(contextValue);
    } catch (error) {
      const e = error as GraphQLError;
      const { http, ...extensions } = e.extensions as { http?: { status?: number } };
      return { errors: [{ message: e.message, extensions }], status: http?.status ?? 500 };
    }
    const response = await gateway.apollo.executeOperation({ query, variables }, { contextValue });
    if (response.body.kind !== 'single') throw new Error('incremental delivery is not used');
    return {
      ...(response.body.singleResult as GraphQLResult),
      status: response.http.status ?? 200,
      retryAfter: response.http.headers.get('retry-after') ?? undefined,
    };
  }
  // eslint-disable-next-line prefer-const -- assigned once the subgraphs it routes to exist
  let gateway: GatewayServer;
  // The dossiers service reaches the supergraph through this gateway, on behalf of its caller, as over HTTP.
  const serviceClient: SupergraphClient = {
    query: async (q, variables, onBehalfOf) => {
      let contextValue: GatewayContext;
      try {
        contextValue = await gatewayContext(onBehalfOf, verifyToken);
      } catch (error) {
        const e = error as GraphQLError;
        return { errors: [{ message: e.message, extensions: e.extensions }] };
      }
      const response = await gateway.apollo.executeOperation({ query: q, variables }, { contextValue });
      if (response.body.kind !== 'single') throw new Error('incremental delivery is not used');
      return response.body.singleResult as never;
    },
  };
  const servers = await Promise.all(
    subgraphs.map(async (module) => {
      const metrics = createMetrics(module.name);
      const db = await openTestDb(module.name, (sql) => {
        statements[module.name].push(sql);
        metrics.dbStatements.inc({ subgraph: module.name });
      });
      const wrapped = options.wrapDb ? { ...db, db: options.wrapDb(module.name, db.db) } : db;
      return createSubgraphServer(module, {
        deps: {
          supergraph: serviceClient,
          limits: { clients: limits, store: limitStore },
          env,
          statusSync: {
            allowedHosts: options.webhookAllowedHosts ?? [],
            maxSubscribers: options.webhookMaxSubscribers ?? 50,
          },
        },
        db: wrapped,
        metrics,
        logger,
        verifyToken,
        admit: async () => 'in-process subgraphs take no HTTP requests',
      });
    }),
  );
  const byName = new Map(servers.map((s) => [s.module.name as string, s]));
  gateway = await createGatewayServer({
    supergraphSdl: readSupergraph(loadEnv().supergraphPath),
    buildService: ({ name }) => new InProcessDataSource(byName.get(name) as SubgraphServer),
    mode: options.mode ?? 'test',
    logger,
    verifyToken,
    sign: async () => {
      throw new Error('in-process fetches are not signed');
    },
    safelist: options.safelist,
    limits,
    limitStore,
  });

  return {
    statements,
    servers,
    /** Signs a token with this run's key. */
    token,
    /** Where this run's signing key is (loadDevKey reads it), for tokens `token` will not make. */
    keyDir: dataDir,
    /** Forgets the statements recorded so far. */
    resetStatements() {
      for (const name of subgraphNames) statements[name].length = 0;
    },
    /** Statements recorded per subgraph since the last reset. */
    statementCounts(): Record<SubgraphName, number> {
      return Object.fromEntries(subgraphNames.map((n) => [n, statements[n].length])) as Record<
        SubgraphName,
        number
      >;
    },
    query,
    /**
     * PUTs a scan to an upload URL (requestUpload's) as the gateway passes it to the documents
     * subgraph, minus the HTTP in between (the route's body limit and router check are tested over HTTP).
     */
    async upload(url: string, bytes: Buffer, as: { token?: string } = {}) {
      const documents = byName.get('documents') as SubgraphServer;
      const route = documents.module.routes?.['/uploads'];
      if (!route) throw new Error('the documents subgraph has no upload route');
      const ctx = await documents.contextFor({
        authorization: `Bearer ${as.token ?? defaultToken}`,
        'x-request-id': `upload-${Math.random().toString(36).slice(2)}`,
      });
      const answer = await route.handle(ctx, bytes, new URL(url, 'http://localhost'));
      if (!('body' in answer)) throw new Error('the upload route answered bytes');
      return answer;
    },
    /**
     * GETs a download URL (DigitisedComponent.download's) as the gateway passes it to the documents
     * subgraph: the route's answer, bytes and headers or a JSON refusal.
     */
    async download(url: string, as: { token?: string } = {}) {
      const documents = byName.get('documents') as SubgraphServer;
      const route = documents.module.routes?.['/scans'];
      if (!route) throw new Error('the documents subgraph has no scan route');
      const ctx = await documents.contextFor({
        authorization: `Bearer ${as.token ?? defaultToken}`,
        'x-request-id': `download-${Math.random().toString(36).slice(2)}`,
      });
      return route.handle(ctx, Buffer.alloc(0), new URL(url, 'http://localhost'));
    },
    async close() {
      rmSync(dataDir, { recursive: true, force: true });
      await gateway.stop();
      await Promise.all(servers.map(async (s) => (await s.apollo.stop(), await s.db.close())));
    },
  };
}

export type InProcessSupergraph = Awaited<ReturnType<typeof createInProcessSupergraph>>;
