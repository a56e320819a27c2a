import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from 'jose';
import path from 'node:path';
import { readOrCreateShared } from './sharedFile.ts';

/** The token algorithm the gateway accepts (pinned: no "none", no HMAC confusion). */
export const tokenAlgorithm = 'ES256';
export const devTokenIssuer = 'urn:vn-data-sharing-gateway:dev-issuer';
export const tokenAudience = 'urn:vn-data-sharing-gateway';

/** Where the development key pair lives: under the data directory, git-ignored, never committed. */
export const devKeyFile = (dataDir: string) => path.join(dataDir, 'dev-jwt-key.json');

/**
 * The development signing key pair, made on first use and shared by `npm run token` and the gateway
 * started by `npm start`.
 */
export async function loadDevKey(dataDir: string) {
  const text = await readOrCreateShared(devKeyFile(dataDir), async () => {
    const { privateKey, publicKey } = await generateKeyPair(tokenAlgorithm, { extractable: true });
    return JSON.stringify(
      { privateKey: await exportJWK(privateKey), publicKey: await exportJWK(publicKey) },
      null,
      2,
    );
  });
  const stored = JSON.parse(text) as { privateKey: JWK; publicKey: JWK };
  return {
    publicJwk: stored.publicKey,
    privateKey: await importJWK(stored.privateKey, tokenAlgorithm),
    publicKey: await importJWK(stored.publicKey, tokenAlgorithm),
  };
}

export interface TokenClaims {
  sub: string;
  agency?: string | null;
  scope?: string;
  role?: 'client' | 'citizen';
  /** Lifetime in seconds (default one hour). */
  ttl?: number;
}

/** A client or citizen token signed with the development key, as `npm run token` prints it. */
export async function signDevToken(dataDir: string, claims: TokenClaims): Promise<string> {
  const { privateKey } = await loadDevKey(dataDir);
  return new SignJWT({
    agency: claims.agency ?? '',
    scope: claims.scope ?? '',
    role: claims.role ?? 'client',
  })
    .setProtectedHeader({ alg: tokenAlgorithm })
    .setSubject(claims.sub)
    .setIssuer(devTokenIssuer)
    .setAudience(tokenAudience)
    .setIssuedAt()
    .setExpirationTime(`${claims.ttl ?? 3600}s`)
    .sign(privateKey);
}
