import { existsSync } from 'node:fs';
import path from 'node:path';
import { subgraphNames, type SubgraphName } from './subgraphNames.ts';

/**
 * The one place that reads the environment. Every process (gateway, subgraphs, seed, tests) takes its
 * settings from `loadEnv()`, which validates them all and fails fast naming the bad variable.
 */

export { subgraphNames, type SubgraphName };

/** The folder holding package.json: the same whether this file runs from source or from the build in dist/. */
export const projectRoot = (() => {
  for (let dir = import.meta.dirname; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${import.meta.dirname}`);
  }
})();

const defaultPorts: Record<SubgraphName | 'gateway', number> = {
  gateway: 4000,
  population: 4001,
  business: 4002,
  procedures: 4003,
  dossiers: 4004,
  documents: 4005,
};

/** The scans' store: a directory, or a bucket (and key prefix) of an S3-compatible object store. */
export type BlobStoreSettings =
  | { kind: 'file'; dir: string }
  | {
      kind: 's3';
      bucket: string;
      /** Put before every key ('' or ending in /). */
      prefix: string;
      /** The store's URL (MinIO, Ceph RGW, a provider's); undefined: AWS's for the region. */
      endpoint?: string;
      region: string;
      /** Undefined: the SDK's own chain (instance role, shared config). */
      credentials?: { accessKeyId: string; secretAccessKey: string };
      /** Bucket in the path (http://host/bucket/key), as most S3-compatible stores need. */
      forcePathStyle: boolean;
      /** How long one call, its body included, may take. */
      timeoutMs: number;
    };

export interface Env {
  mode: 'development' | 'production' | 'test';
  logLevel: string;
  host: string;
  gatewayPort: number;
  subgraphPorts: Record<SubgraphName, number>;
  /** Where the gateway reaches each subgraph; undefined: the URL written in the supergraph. */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  /** Per-subgraph database URL; undefined: embedded PGlite under dataDir/<name>. */
  databaseUrls: Partial<Record<SubgraphName, string>>;
  dataDir: string;
  dbPoolMax: number;
  seedDemo: boolean;
  supergraphPath: string;
  /** 'file': serve the committed supergraph; 'introspect': compose from the running subgraphs (development). */
  supergraphSource: 'file' | 'introspect';
  /** How often the gateway looks for a changed supergraph file, in ms; 0: only on SIGHUP. */
  supergraphWatchMs: number;
  /** The gateway's Ed25519 key (PKCS#8 PEM) for signing subgraph requests; undefined: development key. */
  routerSigningKeyFile?: string;
  /** The router public keys (JWKS) a subgraph accepts signatures from; undefined: development key. */
  routerPublicKeysFile?: string;
  /**
   * A subgraph serving HTTPS (cert and key), and with clientCaFile, mutual TLS: a router presenting a
   * certificate from that CA needs no signature.
   */
  subgraphTls?: { certFile: string; keyFile: string; clientCaFile?: string };
  /**
   * The agencies' document-signing keys: `<agency e-ID>.pem` (Ed25519 PKCS#8) signs that agency's
   * documents; any other `<agency e-ID>~<suffix>.pem` is a retired key, still published so that what it
   * signed verifies. Undefined: development keys made on first use under dataDir/document-keys.
   */
  documentKeysDir?: string;
  /** The dossiers service's key for the case assertions it signs while filing (Ed25519 PKCS#8 PEM); undefined: development key. */
  caseSigningKeyFile?: string;
  /** Its public half (SPKI PEM), with which the population registry checks them; undefined: the development key's. */
  casePublicKeyFile?: string;
  /** Digitised components: the largest scan accepted, and how many bytes one client may upload a day. */
  uploads: { maxBytes: number; dailyQuotaBytes: number };
  /**
   * Where the scans' bytes live: files under dataDir/blobs, or an S3-compatible object store
   * (BLOB_STORE_URL s3://bucket/prefix, with S3_ENDPOINT, S3_REGION and the access key).
   */
  blobStore: BlobStoreSettings;
  /** The access log's checkpoints: the Ed25519 signing key (PEM; development: under dataDir), never in the database. */
  auditSigningKeyFile?: string;
  /** Its public half (SPKI PEM), for `npm run audit:verify` where the signing key is not. */
  auditPublicKeyFile?: string;
  /** The witness of the checkpoints, outside the population database: an append-only file (see accessLogWitnessFile). */
  auditWitnessFile?: string;
  /** How often new access records are taken into the tree and a checkpoint signed (milliseconds). */
  auditCheckpointIntervalMs: number;
  /**
   * How many whole months of the access log to keep before the current one; older months are dropped
   * (their partitions), once all their records are in the signed tree. 0: keep every month.
   */
  accessLogRetentionMonths: number;
  /** The gateway's client certificate for mutual TLS to subgraphs, and the CA it trusts them by. */
  routerTls?: { certFile?: string; keyFile?: string; caFile?: string };
  /** Client tokens: a PEM public key file or a JWKS file; neither: the development key (refused in production). */
  jwtPublicKeyFile?: string;
  jwtJwksFile?: string;
  jwtIssuer?: string;
  jwtAudience?: string;
  /** Where subgraphs reach the supergraph for facts of other domains (the gateway). */
  gatewayUrl: string;
  /** Browser origins allowed to call the gateway (CORS); 'local' means any http://localhost or 127.0.0.1 port. */
  corsOrigins: string[] | 'local';
  /** Registered operations (npm run operations:register) and whether the gateway refuses all others. */
  safelistPath: string;
  safelistEnforce: boolean;
  /** How long the gateway waits for each subgraph before answering SUBGRAPH_UNAVAILABLE for its part. */
  subgraphTimeoutMs: Record<SubgraphName, number>;
  /** The same for mutations, longer: giving up on one leaves the client not knowing if it was applied. */
  mutationTimeoutMs: number;
  /** How long the gateway reuses the public procedure catalogue's answers (0: never). */
  publicCacheTtlMs: number;
  /** After SIGTERM: how long /ready says 503 while requests are still taken, before the listener closes. */
  drainDelayMs: number;
  /** The scratch PostgreSQL database `npm run bench` and `npm run bench:seed` fill. */
  benchDatabaseUrl: string;
  /** Where the gateway serves its operator endpoints (/metrics, /health, /ready): its own port, loopback by default. */
  metricsHost: string;
  metricsPort: number;
  /** Redis shared by the gateway replicas (and population's) for rate limits and quotas; undefined: in memory, per process. */
  redisUrl?: string;
  /** The per-client limits (JSON, see docs/integrators.md); undefined: the defaults for every client. */
  clientLimitsFile?: string;
  /** How many proxies in front of the gateway append to X-Forwarded-For (0: the peer address is the client's). */
  trustedProxyHops: number;
  /** The dossier status sync: the webhook delivery worker and the broker. */
  statusSync: {
    /** 'embedded': the dossiers process delivers; 'off': a separate `npm run webhooks:worker` does. */
    worker: 'embedded' | 'off';
    timeoutMs: number;
    retryBaseMs: number;
    maxAgeMs: number;
    leaseMs: number;
    /** Subscribers registered from a file at start (JSON list), besides those registered by mutation. */
    subscribersFile?: string;
    /** Hosts ("host" or "host:port") a webhook may reach although they are internal (loopback, private). */
    allowedHosts: string[];
    /** How many subscribers may be registered at once. */
    maxSubscribers: number;
    /** Delivered changes older than this many days are deleted from the outbox (0: kept for ever). */
    outboxRetentionDays: number;
    /** NATS with JetStream: every change is also published there. */
    natsUrl?: string;
  };
  /** OpenTelemetry: on when an OTLP/HTTP collector endpoint is given. */
  tracing: { endpoint?: string; serviceName?: string; exportDelayMs: number };
}

export class EnvError extends Error {
  constructor(variable: string, problem: string) {
    super(`Environment variable ${variable}: ${problem}`);
    this.name = 'EnvError';
  }
}

type Source = Record<string, string | undefined>;

function port(source: Source, name: string, fallback: number): number {
  const raw = source[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535)
    throw new EnvError(name, `'${raw}' is not a port number (0-65535)`);
  return value;
}

function url(source: Source, name: string, protocols: string[]): string | undefined {
  const raw = source[name];
  if (raw === undefined || raw === '') return undefined;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new EnvError(name, 'is not a URL');
  }
  if (!protocols.includes(parsed.protocol))
    throw new EnvError(name, `must start with ${protocols.map((p) => `${p}//`).join(' or ')}`);
  return raw;
}

function oneOf<T extends string>(source: Source, name: string, allowed: readonly T[], fallback: T): T {
  const raw = source[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw))
    throw new EnvError(name, `must be one of ${allowed.join(', ')}`);
  return raw as T;
}

function bool(source: Source, name: string, fallback: boolean): boolean {
  const raw = source[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes'].includes(raw)) return true;
  if (['0', 'false', 'no'].includes(raw)) return false;
  throw new EnvError(name, 'must be true or false');
}

function positiveInt(source: Source, name: string, fallback: number): number {
  const raw = source[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new EnvError(name, `'${raw}' is not a positive whole number`);
  return value;
}

function nonNegativeInt(source: Source, name: string, fallback: number): number {
  const raw = source[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new EnvError(name, `'${raw}' is not a whole number ≥ 0`);
  return value;
}

function blobStoreSettings(source: Source, dataDir: string): BlobStoreSettings {
  const raw = url(source, 'BLOB_STORE_URL', ['s3:', 'file:']);
  const s3Only = [
    'S3_ENDPOINT',
    'S3_REGION',
    'S3_ACCESS_KEY_ID',
    'S3_SECRET_ACCESS_KEY',
    'S3_FORCE_PATH_STYLE',
    'S3_TIMEOUT_MS',
  ];
  if (!raw || raw.startsWith('file:')) {
    const stray = s3Only.find((name) => source[name]);
    if (stray) throw new EnvError(stray, 'needs BLOB_STORE_URL=s3://<bucket>/<prefix>');
    return { kind: 'file', dir: raw ? new URL(raw).pathname : path.join(dataDir, 'blobs') };
  }
  const parsed = new URL(raw);
  // S3's rules for bucket names: 3-63 lower-case letters, digits, dots and hyphens.
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(parsed.hostname))
    throw new EnvError('BLOB_STORE_URL', `'${parsed.hostname}' is not an S3 bucket name`);
  const prefix = decodeURIComponent(parsed.pathname.replace(/^\/+/, ''));
  const accessKeyId = source.S3_ACCESS_KEY_ID || undefined;
  const secretAccessKey = source.S3_SECRET_ACCESS_KEY || undefined;
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey))
    throw new EnvError(
      accessKeyId ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID',
      'is needed with the other (or neither, for the SDK’s own credentials)',
    );
  const endpoint = url(source, 'S3_ENDPOINT', ['http:', 'https:']);
  return {
    kind: 's3',
    bucket: parsed.hostname,
    prefix: prefix && !prefix.endsWith('/') ? `${prefix}/` : prefix,
    endpoint,
    region: source.S3_REGION || 'us-east-1',
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    forcePathStyle: bool(source, 'S3_FORCE_PATH_STYLE', endpoint !== undefined),
    timeoutMs: positiveInt(source, 'S3_TIMEOUT_MS', 30_000),
  };
}

/**
 * The bench's database for a world `scale` times the standard one (1M citizens): BENCH_DATABASE_URL at
 * scale 1, the same server with `_x<scale>` after the database name above it, so that `npm run
 * bench:seed -- --scale 10` and `npm run bench -- --scale 10` meet and the 1M world stays beside it.
 */
export function scaledBenchDatabaseUrl(url: string, scale: number): string {
  if (scale === 1) return url;
  const scaled = new URL(url);
  scaled.pathname = `${scaled.pathname}_x${scale}`;
  return scaled.toString();
}

/** Validated settings from the given variables (process.env by default); throws EnvError on the first bad one. */
export function loadEnv(source: Source = process.env): Env {
  const mode = oneOf(source, 'NODE_ENV', ['development', 'production', 'test'], 'development');
  const pgProtocols = ['postgres:', 'postgresql:'];
  const shared = url(source, 'DATABASE_URL', pgProtocols);
  const subgraphPorts = {} as Record<SubgraphName, number>;
  const subgraphUrls: Env['subgraphUrls'] = {};
  const subgraphTimeoutMs = {} as Record<SubgraphName, number>;
  const defaultTimeoutMs = positiveInt(source, 'SUBGRAPH_TIMEOUT_MS', 3000);
  const databaseUrls: Env['databaseUrls'] = {};
  for (const name of subgraphNames) {
    const prefix = name.toUpperCase();
    subgraphPorts[name] = port(source, `${prefix}_PORT`, defaultPorts[name]);
    subgraphTimeoutMs[name] = positiveInt(source, `${prefix}_TIMEOUT_MS`, defaultTimeoutMs);
    const subgraphUrl = url(source, `${prefix}_URL`, ['http:', 'https:']);
    if (subgraphUrl) subgraphUrls[name] = subgraphUrl;
    const databaseUrl = url(source, `${prefix}_DATABASE_URL`, pgProtocols) ?? shared;
    if (databaseUrl) databaseUrls[name] = databaseUrl;
    if (source[`${prefix}_SERVICE_TOKEN`])
      throw new EnvError(
        `${prefix}_SERVICE_TOKEN`,
        'is gone: a subgraph reads through the gateway on behalf of its caller, with the caller’s own token',
      );
  }
  if (source.GATEWAY_CONTEXT_SECRET)
    throw new EnvError(
      'GATEWAY_CONTEXT_SECRET',
      'is gone: subgraphs now verify the client token and an Ed25519 router signature (ROUTER_SIGNING_KEY_FILE, ROUTER_PUBLIC_KEYS_FILE)',
    );
  const file = (name: string) =>
    source[name] ? path.resolve(projectRoot, source[name] as string) : undefined;
  const subgraphTlsCert = file('SUBGRAPH_TLS_CERT_FILE');
  const subgraphTlsKey = file('SUBGRAPH_TLS_KEY_FILE');
  if (Boolean(subgraphTlsCert) !== Boolean(subgraphTlsKey))
    throw new EnvError(
      subgraphTlsCert ? 'SUBGRAPH_TLS_KEY_FILE' : 'SUBGRAPH_TLS_CERT_FILE',
      'is needed with the other: a subgraph serving HTTPS needs both its certificate and its key',
    );
  const subgraphTlsClientCa = file('SUBGRAPH_TLS_CLIENT_CA_FILE');
  if (subgraphTlsClientCa && !subgraphTlsCert)
    throw new EnvError(
      'SUBGRAPH_TLS_CLIENT_CA_FILE',
      'needs SUBGRAPH_TLS_CERT_FILE and SUBGRAPH_TLS_KEY_FILE',
    );
  const routerTls = {
    certFile: file('ROUTER_TLS_CERT_FILE'),
    keyFile: file('ROUTER_TLS_KEY_FILE'),
    caFile: file('ROUTER_TLS_CA_FILE'),
  };
  if (Boolean(routerTls.certFile) !== Boolean(routerTls.keyFile))
    throw new EnvError(
      routerTls.certFile ? 'ROUTER_TLS_KEY_FILE' : 'ROUTER_TLS_CERT_FILE',
      'is needed with the other: a client certificate needs its key',
    );
  const gatewayPort = port(source, 'GATEWAY_PORT', defaultPorts.gateway);
  const corsRaw = source.CORS_ORIGINS;
  const corsOrigins: Env['corsOrigins'] =
    corsRaw === undefined || corsRaw === ''
      ? mode === 'production'
        ? []
        : 'local'
      : corsRaw.split(',').map((origin) => {
          const trimmed = origin.trim();
          try {
            const parsed = new URL(trimmed);
            if (parsed.origin !== trimmed) throw new Error('not an origin');
          } catch {
            throw new EnvError(
              'CORS_ORIGINS',
              `'${trimmed}' is not an origin like https://portal.example.gov.vn`,
            );
          }
          return trimmed;
        });
  const dataDir = path.resolve(projectRoot, source.DATA_DIR || '.data');
  const auditCheckpointIntervalMs = positiveInt(source, 'AUDIT_CHECKPOINT_INTERVAL_MS', 5000);
  if (auditCheckpointIntervalMs > 10_000)
    throw new EnvError(
      'AUDIT_CHECKPOINT_INTERVAL_MS',
      'may be at most 10000: records wait unsigned until the next checkpoint',
    );
  return {
    auditSigningKeyFile: file('AUDIT_SIGNING_KEY_FILE'),
    auditPublicKeyFile: file('AUDIT_PUBLIC_KEY_FILE'),
    auditWitnessFile: file('AUDIT_WITNESS_FILE'),
    auditCheckpointIntervalMs,
    accessLogRetentionMonths: nonNegativeInt(source, 'ACCESS_LOG_RETENTION_MONTHS', 0),
    corsOrigins,
    safelistPath: path.resolve(projectRoot, source.SAFELIST_PATH || path.join(dataDir, 'safelist.json')),
    safelistEnforce: bool(source, 'SAFELIST_ENFORCE', false),
    subgraphTimeoutMs,
    mutationTimeoutMs: positiveInt(source, 'SUBGRAPH_MUTATION_TIMEOUT_MS', 30_000),
    publicCacheTtlMs: nonNegativeInt(source, 'PUBLIC_CACHE_TTL_MS', 10_000),
    drainDelayMs: nonNegativeInt(source, 'DRAIN_DELAY_MS', mode === 'production' ? 5000 : 0),
    statusSync: {
      worker: oneOf(source, 'WEBHOOK_WORKER', ['embedded', 'off'], 'embedded'),
      timeoutMs: positiveInt(source, 'WEBHOOK_TIMEOUT_MS', 10_000),
      retryBaseMs: positiveInt(source, 'WEBHOOK_RETRY_BASE_MS', 1000),
      maxAgeMs: positiveInt(source, 'WEBHOOK_MAX_AGE_MS', 3 * 24 * 3600 * 1000),
      leaseMs: positiveInt(source, 'WEBHOOK_LEASE_MS', 60_000),
      subscribersFile: file('WEBHOOK_SUBSCRIBERS_FILE'),
      allowedHosts: (source.WEBHOOK_ALLOWED_HOSTS ?? '')
        .split(',')
        .map((host) => host.trim())
        .filter(Boolean),
      maxSubscribers: positiveInt(source, 'WEBHOOK_MAX_SUBSCRIBERS', 50),
      outboxRetentionDays: nonNegativeInt(source, 'OUTBOX_RETENTION_DAYS', 0),
      natsUrl: url(source, 'NATS_URL', ['nats:', 'tls:']),
    },
    metricsHost: source.METRICS_HOST || '127.0.0.1',
    metricsPort: port(source, 'METRICS_PORT', 9400),
    redisUrl: url(source, 'REDIS_URL', ['redis:', 'rediss:']),
    // In development, the demo's clients (seed/demo-clients.json: a national client with a legal basis).
    clientLimitsFile:
      file('CLIENT_LIMITS_FILE') ??
      (mode === 'development' ? path.join(projectRoot, 'seed', 'demo-clients.json') : undefined),
    trustedProxyHops: nonNegativeInt(source, 'TRUSTED_PROXY_HOPS', 0),
    benchDatabaseUrl:
      url(source, 'BENCH_DATABASE_URL', pgProtocols) ?? 'postgres://postgres@127.0.0.1:5432/seed_bench',
    tracing: {
      endpoint: url(source, 'OTEL_EXPORTER_OTLP_ENDPOINT', ['http:', 'https:']),
      serviceName: source.OTEL_SERVICE_NAME || undefined,
      exportDelayMs: positiveInt(source, 'OTEL_BSP_SCHEDULE_DELAY', 5000),
    },
    gatewayUrl:
      url(source, 'GATEWAY_URL', ['http:', 'https:']) ??
      `http://127.0.0.1:${gatewayPort || defaultPorts.gateway}/`,
    routerSigningKeyFile: file('ROUTER_SIGNING_KEY_FILE'),
    routerPublicKeysFile: file('ROUTER_PUBLIC_KEYS_FILE'),
    documentKeysDir: file('DOCUMENT_SIGNING_KEYS_DIR'),
    caseSigningKeyFile: file('CASE_SIGNING_KEY_FILE'),
    casePublicKeyFile: file('CASE_PUBLIC_KEY_FILE'),
    blobStore: blobStoreSettings(source, dataDir),
    uploads: {
      maxBytes: positiveInt(source, 'UPLOAD_MAX_BYTES', 10 * 1024 * 1024),
      dailyQuotaBytes: positiveInt(source, 'UPLOAD_DAILY_QUOTA_BYTES', 1024 * 1024 * 1024),
    },
    subgraphTls:
      subgraphTlsCert && subgraphTlsKey
        ? { certFile: subgraphTlsCert, keyFile: subgraphTlsKey, clientCaFile: subgraphTlsClientCa }
        : undefined,
    routerTls: routerTls.certFile || routerTls.caFile ? routerTls : undefined,
    jwtPublicKeyFile: file('JWT_PUBLIC_KEY_FILE'),
    jwtJwksFile: file('JWT_JWKS_FILE'),
    jwtIssuer: source.JWT_ISSUER || undefined,
    jwtAudience: source.JWT_AUDIENCE || undefined,
    mode,
    logLevel: oneOf(
      source,
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'],
      mode === 'test' ? 'silent' : 'info',
    ),
    host: source.HOST || '127.0.0.1',
    gatewayPort,
    subgraphPorts,
    subgraphUrls,
    databaseUrls,
    dataDir,
    dbPoolMax: positiveInt(source, 'DB_POOL_MAX', 10),
    seedDemo: bool(source, 'SEED_DEMO', mode !== 'production'),
    supergraphPath: path.resolve(projectRoot, source.SUPERGRAPH_PATH || 'supergraph.graphql'),
    supergraphSource: oneOf(source, 'SUPERGRAPH_SOURCE', ['file', 'introspect'], 'file'),
    supergraphWatchMs: nonNegativeInt(source, 'SUPERGRAPH_WATCH_MS', 1000),
  };
}

/** The URL written into the supergraph for a subgraph: its default local address. */
export function defaultSubgraphUrl(name: SubgraphName, ports = loadEnv({}).subgraphPorts): string {
  return `http://localhost:${ports[name]}/graphql`;
}
