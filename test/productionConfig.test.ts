import { exportJWK, exportSPKI, generateKeyPair } from 'jose';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTokenVerifier } from '../gateway/authenticate.ts';
import { devKeyFile, loadDevKey } from '../runtime/devKey.ts';
import { loadEnv } from '../runtime/env.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-prod-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const secret = 's'.repeat(40);

describe('production configuration', () => {
  it('needs a gateway context secret of 32+ characters', () => {
    expect(() => loadEnv({ NODE_ENV: 'production' })).toThrow(/GATEWAY_CONTEXT_SECRET/);
    expect(() => loadEnv({ NODE_ENV: 'production', GATEWAY_CONTEXT_SECRET: 'short' })).toThrow(/32/);
    expect(loadEnv({ NODE_ENV: 'production', GATEWAY_CONTEXT_SECRET: secret }).contextSecret).toBe(secret);
  });

  it('refuses to start without an issuer key, or with the development key', async () => {
    await expect(
      createTokenVerifier(loadEnv({ NODE_ENV: 'production', GATEWAY_CONTEXT_SECRET: secret, DATA_DIR: dir })),
    ).rejects.toThrow(/JWT_PUBLIC_KEY_FILE/);
    await loadDevKey(dir);
    const dev = JSON.parse(readFileSync(devKeyFile(dir), 'utf8')) as { publicKey: object };
    const jwks = path.join(dir, 'dev-jwks.json');
    writeFileSync(jwks, JSON.stringify({ keys: [dev.publicKey] }));
    const withDevKey = loadEnv({
      NODE_ENV: 'production',
      GATEWAY_CONTEXT_SECRET: secret,
      DATA_DIR: dir,
      JWT_JWKS_FILE: jwks,
    });
    await expect(createTokenVerifier(withDevKey)).rejects.toThrow(/development key/);
  });

  it('starts with the issuer’s own public key', async () => {
    const { publicKey } = await generateKeyPair('ES256', { extractable: true });
    const pem = path.join(dir, 'issuer.pem');
    writeFileSync(pem, await exportSPKI(publicKey));
    const env = loadEnv({
      NODE_ENV: 'production',
      GATEWAY_CONTEXT_SECRET: secret,
      DATA_DIR: dir,
      JWT_PUBLIC_KEY_FILE: pem,
    });
    await expect(createTokenVerifier(env)).resolves.toBeTypeOf('function');
    const jwks = path.join(dir, 'issuer-jwks.json');
    writeFileSync(jwks, JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), alg: 'ES256' }] }));
    await expect(
      createTokenVerifier({ ...env, jwtPublicKeyFile: undefined, jwtJwksFile: jwks }),
    ).resolves.toBeTypeOf('function');
  });
});
