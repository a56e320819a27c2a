import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { tokenAudience } from '../../runtime/devKey.ts';
import { newEd25519Pem } from '../../runtime/ed25519Key.ts';
import { writeRouterKeyFiles } from '../../runtime/routerKeys.ts';
import type { BenchConfig } from './benchConfig.ts';

/** The legal basis the bench's client reads under, and the header that names it. */
export const benchLegalBasis = 'PUBLIC-SERVICE-PORTAL';
export const benchHeaders = { 'x-legal-basis': benchLegalBasis } as const;

/**
 * What every process of a bench run is started with: production mode, as deployed (graphql-js's fast
 * paths, no introspection), an issuer key made for this run and its JWKS, the router's signing keys, the
 * access log's checkpoint key, and client limits with room for a benchmark's load (still counted on
 * every request, so their cost is measured; they only never refuse). `sign` makes the run's tokens.
 */
export async function benchEnvironment(config: Pick<BenchConfig, 'dataDir' | 'databaseUrl' | 'benchIssuer'>) {
  const { dataDir, databaseUrl, benchIssuer } = config;
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwksFile = path.join(dataDir, 'jwks.json');
  writeFileSync(
    jwksFile,
    JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), alg: 'ES256', kid: 'bench' }] }),
  );
  const sign = (claims: { sub: string; agency?: string; scope: string }) =>
    new SignJWT({ agency: claims.agency ?? '', scope: claims.scope, role: 'client' })
      .setProtectedHeader({ alg: 'ES256', kid: 'bench' })
      .setSubject(claims.sub)
      .setIssuer(benchIssuer)
      .setAudience(tokenAudience)
      .setIssuedAt()
      .setExpirationTime('6h')
      .sign(privateKey);
  const routerKeys = await writeRouterKeyFiles(dataDir);
  const auditKeyFile = path.join(dataDir, 'audit-key.pem');
  writeFileSync(auditKeyFile, newEd25519Pem());
  const limitsFile = path.join(dataDir, 'client-limits.json');
  const unlimited = {
    requestsPerMinute: 1e9,
    costPerMinute: 1e12,
    citizensPerDay: 1e9,
    trackDossierPerMinute: 1e9,
  };
  // The bench's client is a national one, reading under a legal basis it is registered for (an
  // agency's client reads only for its cases). A baseline from before legal bases gets the file
  // without them, which it could not parse.
  const limits = (legalBases?: string[]) => ({
    clients: { 'bench-client': { ...unlimited, ...(legalBases ? { legalBases } : {}) } },
    addresses: { '127.0.0.1': unlimited },
  });
  writeFileSync(limitsFile, JSON.stringify(limits([benchLegalBasis])));
  const baselineLimitsFile = path.join(dataDir, 'client-limits-baseline.json');
  writeFileSync(baselineLimitsFile, JSON.stringify(limits()));
  const env: Record<string, string> = {
    CLIENT_LIMITS_FILE: limitsFile,
    METRICS_PORT: '0',
    AUDIT_SIGNING_KEY_FILE: auditKeyFile,
    AUDIT_WITNESS_FILE: path.join(dataDir, 'witness', 'access-log.jsonl'),
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    JWT_JWKS_FILE: jwksFile,
    JWT_ISSUER: benchIssuer,
    ROUTER_SIGNING_KEY_FILE: routerKeys.signingKeyFile,
    ROUTER_PUBLIC_KEYS_FILE: routerKeys.publicKeysFile,
    DRAIN_DELAY_MS: '0',
  };
  /** The token of the bench's client: every scope, no agency (it sends X-Legal-Basis: benchHeaders). */
  const token = await sign({
    sub: 'bench-client',
    scope: 'citizen:basic citizen:full business:read dossier:read:all dossier:write document:read',
  });
  return { env, sign, token, baselineEnv: { CLIENT_LIMITS_FILE: baselineLimitsFile } };
}
