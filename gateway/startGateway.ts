import { closeServer, listen } from '../runtime/createHttpServer.ts';
import { loadEnv, type SubgraphName } from '../runtime/env.ts';
import { createLogger, type Logger } from '../runtime/logger.ts';
import { readFileSync } from 'node:fs';
import { loadRouterSigningKey } from '../runtime/routerKeys.ts';
import { createRouterRequestSigner } from '../runtime/signRouterRequest.ts';
import { signDevToken } from '../runtime/devKey.ts';
import { createTokenVerifier } from '../runtime/authenticate.ts';
import { readRegisteredOperations, readSafelist } from './operationSafelist.ts';
import { createGatewayServer, type GatewayServer } from './createGatewayServer.ts';
import { defaultSubgraphUrl } from '../runtime/env.ts';
import { scopeClaim, scopes } from '../runtime/scopes.ts';
import { readClientLimits } from '../runtime/clientLimits.ts';
import { createLimitStore } from '../runtime/createLimitStore.ts';

export interface RunningGateway extends GatewayServer {
  url: string;
  /** The operator port's base URL: /metrics, /health, /ready. */
  metricsUrl: string;
  close(): Promise<void>;
}

/**
 * Starts the gateway over the supergraph file (or, with SUPERGRAPH_SOURCE=introspect, over the running
 * subgraphs), reaching subgraphs at the given URLs or those of the environment. The file is reloaded
 * when it changes and on SIGHUP.
 */
export async function startGateway(
  options: {
    port?: number;
    metricsPort?: number;
    subgraphUrls?: Partial<Record<SubgraphName, string>>;
    logger?: Logger;
  } = {},
): Promise<RunningGateway> {
  const env = loadEnv();
  const logger = options.logger ?? createLogger('gateway');
  const subgraphUrls = { ...env.subgraphUrls, ...options.subgraphUrls };
  const server = await createGatewayServer({
    mode: env.mode,
    verifyToken: await createTokenVerifier(env),
    sign: createRouterRequestSigner(await loadRouterSigningKey(env)),
    routerTls: env.routerTls && {
      cert: env.routerTls.certFile ? readFileSync(env.routerTls.certFile) : undefined,
      key: env.routerTls.keyFile ? readFileSync(env.routerTls.keyFile) : undefined,
      ca: env.routerTls.caFile ? readFileSync(env.routerTls.caFile) : undefined,
    },
    corsOrigins: env.corsOrigins,
    safelist: env.safelistEnforce ? readSafelist(env.safelistPath) : undefined,
    registeredOperations: readRegisteredOperations(env.safelistPath),
    // In development the explorer starts with a token that can see everything, so a newcomer's first query works.
    explorerHeaders:
      env.mode === 'production'
        ? undefined
        : async () => ({
            Authorization: `Bearer ${await signDevToken(env.dataDir, {
              sub: 'explorer',
              agency: '000.00.00.H29',
              // Enough for the example queries on demo data, nothing sensitive, for a quarter of an
              // hour (a reload makes a new one): the page may be left open or shared.
              scope: scopeClaim(scopes.citizenBasic, scopes.businessRead, scopes.dossierRead),
              ttl: 15 * 60,
            })}`,
          }),
    logger,
    limits: readClientLimits(env.clientLimitsFile),
    // With REDIS_URL every replica counts against the same limits; without, each process on its own.
    limitStore: createLimitStore({ redisUrl: env.redisUrl, logger }),
    trustedProxyHops: env.trustedProxyHops,
    subgraphUrls,
    subgraphTimeoutMs: env.subgraphTimeoutMs,
    mutationTimeoutMs: env.mutationTimeoutMs,
    uploadMaxBytes: env.uploads.maxBytes,
    publicCacheTtlMs: env.publicCacheTtlMs,
    ...(env.supergraphSource === 'introspect'
      ? {
          introspect: (Object.keys(env.subgraphPorts) as SubgraphName[]).map((name) => ({
            name,
            url: subgraphUrls[name] ?? defaultSubgraphUrl(name, env.subgraphPorts),
          })),
        }
      : { supergraphFile: env.supergraphPath, supergraphWatchMs: env.supergraphWatchMs }),
  });
  // `kill -HUP`: read the supergraph file again now (it is also reloaded when it changes).
  const onHangup = () => void server.reloadSupergraph('SIGHUP');
  if (env.supergraphSource === 'file') process.on('SIGHUP', onHangup);
  const metricsUrl = `${await listen(server.operator, options.metricsPort ?? env.metricsPort, env.metricsHost)}/`;
  const base = await listen(server.http, options.port ?? env.gatewayPort, env.host);
  const url = `${base}/`;
  logger.info({ url, metricsUrl }, 'gateway listening');
  return {
    ...server,
    url,
    metricsUrl,
    async close() {
      process.off('SIGHUP', onHangup);
      await closeServer(server.http, env.drainDelayMs);
      await server.stop();
      server.operator.closeAllConnections();
      await new Promise((resolve) => server.operator.close(resolve));
    },
  };
}
