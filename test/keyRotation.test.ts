import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createTokenVerifier } from '../runtime/authenticate.ts';
import { tokenAudience } from '../runtime/devKey.ts';
import { loadEnv } from '../runtime/env.ts';
import { keyidOf } from '../runtime/routerKeys.ts';
import { createRouterRequestSigner } from '../runtime/signRouterRequest.ts';
import { createRouterRequestVerifier } from '../runtime/verifyRouterRequest.ts';

// #26 point 26: two promises of docs/deployment.md had no test: a subgraph takes router signatures by
// several keys during a rotation, and the gateway picks a token's key from a JWKS by its kid.
const dir = mkdtempSync(path.join(os.tmpdir(), 'key-rotation-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a router key rotation', () => {
  it('takes signatures by the old and the new key while both are listed, and neither once removed', async () => {
    const [oldKey, newKey] = [generateKeyPairSync('ed25519'), generateKeyPairSync('ed25519')];
    const [oldId, newId] = [await keyidOf(oldKey.publicKey), await keyidOf(newKey.publicKey)];
    const origin = 'http://127.0.0.1:4002';
    const signed = async (key: typeof oldKey, keyid: string) => {
      const body = JSON.stringify({ query: '{ __typename }' });
      const headers = await createRouterRequestSigner({ keyid, privateKey: key.privateKey })({
        method: 'POST',
        url: `${origin}/graphql`,
        headers: { 'x-request-id': randomUUID() },
        body,
      });
      return [
        { method: 'POST', url: '/graphql', headers: { ...headers, host: '127.0.0.1:4002' }, secure: false },
        Buffer.from(body),
      ] as const;
    };
    const during = createRouterRequestVerifier({
      keys: new Map([
        [oldId, oldKey.publicKey],
        [newId, newKey.publicKey],
      ]),
      origins: new Set([origin]),
    });
    expect(await during(...(await signed(oldKey, oldId)))).toBeNull();
    expect(await during(...(await signed(newKey, newId)))).toBeNull();
    // The new key under the old key's id is no signature of the old key's.
    expect(await during(...(await signed(newKey, oldId)))).toMatch(/does not verify|does not know/);
    const after = createRouterRequestVerifier({
      keys: new Map([[newId, newKey.publicKey]]),
      origins: new Set([origin]),
    });
    expect(await after(...(await signed(oldKey, oldId)))).toMatch(/key this subgraph does not know/);
    expect(await after(...(await signed(newKey, newId)))).toBeNull();
  });
});

describe('client tokens against a JWKS of several keys', () => {
  it('checks each token with the key its kid names', async () => {
    const [a, b] = [await generateKeyPair('ES256'), await generateKeyPair('ES256')];
    const jwks = {
      keys: [
        { ...(await exportJWK(a.publicKey)), kid: 'issuer-2025', alg: 'ES256' },
        { ...(await exportJWK(b.publicKey)), kid: 'issuer-2026', alg: 'ES256' },
      ],
    };
    const file = path.join(dir, 'jwks.json');
    writeFileSync(file, JSON.stringify(jwks));
    const verify = await createTokenVerifier(
      loadEnv({ DATA_DIR: dir, JWT_JWKS_FILE: file, JWT_ISSUER: 'urn:test-issuer' }),
    );
    const token = (key: CryptoKey, kid: string) =>
      new SignJWT({ scope: 'citizen:basic', role: 'client' })
        .setProtectedHeader({ alg: 'ES256', kid })
        .setSubject(`client-${kid}`)
        .setIssuer('urn:test-issuer')
        .setAudience(tokenAudience)
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(key);
    expect((await verify(await token(a.privateKey, 'issuer-2025'))).sub).toBe('client-issuer-2025');
    expect((await verify(await token(b.privateKey, 'issuer-2026'))).sub).toBe('client-issuer-2026');
    // Signed by one key and naming the other: refused.
    await expect(verify(await token(b.privateKey, 'issuer-2025'))).rejects.toThrow();
    await expect(verify(await token(a.privateKey, 'unknown-kid'))).rejects.toThrow();
  });
});
