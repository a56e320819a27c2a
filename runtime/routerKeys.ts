import { calculateJwkThumbprint, type JWK } from 'jose';
import { createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Env } from './env.ts';
import { loadEd25519PrivateKey } from './ed25519Key.ts';

/** The router's key for signing its requests to subgraphs (RFC 9421, Ed25519). */
export interface RouterSigningKey {
  keyid: string;
  privateKey: KeyObject;
}

/** Where `npm start` keeps the development router key: under the data directory, never committed. */
export const devRouterKeyFile = (dataDir: string) => path.join(dataDir, 'dev-router-key.pem');

/** A key's id: its RFC 7638 thumbprint, so the same key has the same id wherever it is configured. */
export async function keyidOf(publicKey: KeyObject): Promise<string> {
  return calculateJwkThumbprint(publicKey.export({ format: 'jwk' }) as JWK);
}

/**
 * The gateway's signing key: ROUTER_SIGNING_KEY_FILE (PKCS#8 PEM, as `openssl genpkey -algorithm
 * ed25519` writes it), or in development one made once under the data directory. Production refuses
 * to start without a configured key.
 */
export async function loadRouterSigningKey(env: Env): Promise<RouterSigningKey> {
  const privateKey = await loadEd25519PrivateKey(devRouterKey(env));
  return { privateKey, keyid: await keyidOf(createPublicKey(privateKey)) };
}

const devRouterKey = (env: Env) => ({
  file: env.routerSigningKeyFile,
  variable: 'ROUTER_SIGNING_KEY_FILE',
  devFile: devRouterKeyFile(env.dataDir),
  mode: env.mode,
  why: 'the gateway signs every subgraph request with it',
});

/**
 * The keys a subgraph accepts router signatures from, by keyid: ROUTER_PUBLIC_KEYS_FILE (a JWKS of
 * Ed25519 public keys; several during a rotation), or in development the public half of the
 * development key. A subgraph holds public keys only: no secret lets it, or anyone who takes it over,
 * sign for another.
 */
export async function loadRouterPublicKeys(env: Env): Promise<Map<string, KeyObject>> {
  const keys = new Map<string, KeyObject>();
  if (env.routerPublicKeysFile) {
    const jwks = JSON.parse(readFileSync(env.routerPublicKeysFile, 'utf8')) as { keys?: JWK[] };
    for (const jwk of jwks.keys ?? []) {
      if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || jwk.d !== undefined)
        throw new Error('ROUTER_PUBLIC_KEYS_FILE: every key must be an Ed25519 public key (no "d")');
      const key = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
      keys.set(jwk.kid ?? (await keyidOf(key)), key);
    }
    if (!keys.size) throw new Error('ROUTER_PUBLIC_KEYS_FILE holds no key');
    return keys;
  }
  if (env.mode === 'production' && !env.subgraphTls?.clientCaFile)
    throw new Error(
      'Production needs ROUTER_PUBLIC_KEYS_FILE (router signatures) or SUBGRAPH_TLS_CLIENT_CA_FILE (mutual TLS)',
    );
  if (env.mode === 'production') return keys;
  const publicKey = createPublicKey(await loadEd25519PrivateKey({ ...devRouterKey(env), file: undefined }));
  keys.set(await keyidOf(publicKey), publicKey);
  return keys;
}

/** The JWKS a subgraph is given for a router's public key (what `npm run router-key` writes). */
export async function publicJwksOf(publicKey: KeyObject): Promise<{ keys: JWK[] }> {
  const jwk = publicKey.export({ format: 'jwk' }) as JWK;
  return { keys: [{ ...jwk, kid: await keyidOf(publicKey), use: 'sig' }] };
}

/**
 * Makes a new router key pair as files: the private key (PKCS#8 PEM, for the router only) and the
 * JWKS of its public key (for every subgraph). What `npm run router-key` runs; tests and the bench too.
 */
export async function writeRouterKeyFiles(
  dir: string,
  name = 'router',
): Promise<{ signingKeyFile: string; publicKeysFile: string; keyid: string }> {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  mkdirSync(dir, { recursive: true });
  const signingKeyFile = path.join(dir, `${name}-signing-key.pem`);
  const publicKeysFile = path.join(dir, `${name}-public-keys.json`);
  writeFileSync(signingKeyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  writeFileSync(publicKeysFile, `${JSON.stringify(await publicJwksOf(publicKey), null, 2)}\n`);
  return { signingKeyFile, publicKeysFile, keyid: await keyidOf(publicKey) };
}
