import { exportJWK, generateKeyPair, importJWK, type JWK } from 'jose';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The token issuer and audience of this gateway (checked by the security work). */
export const tokenIssuer = 'urn:vn-data-sharing-gateway:dev-issuer';
export const tokenAudience = 'urn:vn-data-sharing-gateway';
export const tokenAlgorithm = 'ES256';

/**
 * The development signing key pair: made on first use under the data directory (git-ignored, so no
 * key is ever committed) and shared by `npm run token` and the gateway started by `npm start`.
 */
export async function loadDevKey(dataDir: string) {
  const file = path.join(dataDir, 'dev-jwt-key.json');
  if (!existsSync(file)) {
    const { privateKey, publicKey } = await generateKeyPair(tokenAlgorithm, { extractable: true });
    await mkdir(dataDir, { recursive: true });
    const jwks = { privateKey: await exportJWK(privateKey), publicKey: await exportJWK(publicKey) };
    await writeFile(file, JSON.stringify(jwks, null, 2), { mode: 0o600 });
  }
  const stored = JSON.parse(await readFile(file, 'utf8')) as { privateKey: JWK; publicKey: JWK };
  return {
    privateKey: await importJWK(stored.privateKey, tokenAlgorithm),
    publicKey: await importJWK(stored.publicKey, tokenAlgorithm),
  };
}
