import { exportJWK, exportSPKI, generateKeyPair } from 'jose';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTokenVerifier } from '../runtime/authenticate.ts';
import { devKeyFile, loadDevKey } from '../runtime/devKey.ts';
import { loadEnv } from '../runtime/env.ts';
import { loadRouterPublicKeys, loadRouterSigningKey, writeRouterKeyFiles } from '../runtime/routerKeys.ts';
import { createPrivateKey } from 'node:crypto';

const dir = mkdtempSync(path.join(os.tmpdir(), 'gateway-prod-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const secret = 's'.repeat(40);

describe('production configuration', () => {
  it('refuses the shared context secret of old: a replayable credential between the parts', () => {
    expect(() => loadEnv({ NODE_ENV: 'production', GATEWAY_CONTEXT_SECRET: secret })).toThrow(
      /ROUTER_SIGNING_KEY_FILE/,
    );
  });

  it('needs the router key: the gateway to sign, every subgraph its public half or a client CA', async () => {
    const env = loadEnv({ NODE_ENV: 'production', DATA_DIR: dir });
    await expect(loadRouterSigningKey(env)).rejects.toThrow(/ROUTER_SIGNING_KEY_FILE/);
    await expect(loadRouterPublicKeys(env)).rejects.toThrow(/ROUTER_PUBLIC_KEYS_FILE/);
    const files = await writeRouterKeyFiles(path.join(dir, 'router'));
    const configured = loadEnv({
      NODE_ENV: 'production',
      DATA_DIR: dir,
      ROUTER_SIGNING_KEY_FILE: files.signingKeyFile,
      ROUTER_PUBLIC_KEYS_FILE: files.publicKeysFile,
    });
    expect((await loadRouterSigningKey(configured)).keyid).toBe(files.keyid);
    expect([...(await loadRouterPublicKeys(configured)).keys()]).toEqual([files.keyid]);
    // A JWKS carrying a private key is refused: subgraphs hold public keys only.
    const leaked = path.join(dir, 'leaked.json');
    const jwk = createPrivateKey(readFileSync(files.signingKeyFile)).export({ format: 'jwk' });
    writeFileSync(leaked, JSON.stringify({ keys: [jwk] }));
    await expect(loadRouterPublicKeys({ ...configured, routerPublicKeysFile: leaked })).rejects.toThrow(
      /public key/,
    );
  });

  it('refuses to start without an issuer key, or with the development key', async () => {
    await expect(createTokenVerifier(loadEnv({ NODE_ENV: 'production', DATA_DIR: dir }))).rejects.toThrow(
      /JWT_PUBLIC_KEY_FILE/,
    );
    await loadDevKey(dir);
    const dev = JSON.parse(readFileSync(devKeyFile(dir), 'utf8')) as { publicKey: object };
    const jwks = path.join(dir, 'dev-jwks.json');
    writeFileSync(jwks, JSON.stringify({ keys: [dev.publicKey] }));
    const withDevKey = loadEnv({
      NODE_ENV: 'production',
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
