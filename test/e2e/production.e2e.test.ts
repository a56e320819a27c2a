import { exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '../../runtime/devKey.ts';
import { subgraphNames } from '../../runtime/subgraphNames.ts';
import { writeRouterKeyFiles } from '../../runtime/routerKeys.ts';
import { newEd25519Pem } from '../../runtime/ed25519Key.ts';
import { freePort } from '../support/freePort.ts';
import { slow } from '../support/slow.ts';
import { spawnService, type Service } from '../support/spawnService.ts';
import { spawnSubgraphs } from '../support/spawnSubgraphs.ts';

// The gateway and the subgraphs as a deployment runs them: NODE_ENV=production, a router key pair of
// the deployment's own, and tokens from an issuer whose key pair this test makes (not the development
// key), which the gateway and every subgraph verify.
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gateway-production-'));
const issuer = 'urn:test:national-identity-provider';
const audience = 'urn:test:data-sharing-gateway';
let production: Record<string, string>;
let issuerKey: CryptoKey;
let otherKey: CryptoKey;
let subgraphs: Record<string, Service> = {};
let gateway: Service;

beforeAll(async () => {
  const pair = await generateKeyPair('ES256', { extractable: true });
  issuerKey = pair.privateKey;
  otherKey = (await generateKeyPair('ES256')).privateKey;
  const publicKeyFile = path.join(dataDir, 'issuer.pem');
  writeFileSync(publicKeyFile, await exportSPKI(pair.publicKey));
  const routerKeys = await writeRouterKeyFiles(dataDir);
  const auditKeyFile = path.join(dataDir, 'audit-key.pem');
  writeFileSync(auditKeyFile, newEd25519Pem());
  production = {
    AUDIT_SIGNING_KEY_FILE: auditKeyFile,
    AUDIT_WITNESS_FILE: path.join(dataDir, 'witness', 'access-log.jsonl'),
    NODE_ENV: 'production',
    JWT_PUBLIC_KEY_FILE: publicKeyFile,
    JWT_ISSUER: issuer,
    JWT_AUDIENCE: audience,
    ROUTER_SIGNING_KEY_FILE: routerKeys.signingKeyFile,
    ROUTER_PUBLIC_KEYS_FILE: routerKeys.publicKeysFile,
  };
  const gatewayPort = await freePort();
  subgraphs = await spawnSubgraphs(dataDir, {
    ...production,
    GATEWAY_URL: `http://127.0.0.1:${gatewayPort}/`,
  });
  gateway = await spawnService(
    'bin/gateway.ts',
    [],
    {
      ...production,
      GATEWAY_PORT: String(gatewayPort),
      DATA_DIR: dataDir,
      ...Object.fromEntries(
        subgraphNames.map((name) => [`${name.toUpperCase()}_URL`, subgraphs[name]?.url ?? '']),
      ),
    },
    'gateway listening',
  );
}, slow(300_000));

afterAll(async () => {
  await Promise.all([gateway, ...Object.values(subgraphs)].map((s) => s?.stop()));
  rmSync(dataDir, { recursive: true, force: true });
});

/** A token as the issuer makes it; each option breaks one thing about it. */
function token(
  options: { key?: CryptoKey; iss?: string; aud?: string; expiresIn?: string | number } = {},
): Promise<string> {
  return new SignJWT({ agency: '000.00.00.H79', scope: 'dossier:read:all', role: 'client' })
    .setProtectedHeader({ alg: 'ES256' })
    .setSubject('lgsp-production-test')
    .setIssuer(options.iss ?? issuer)
    .setAudience(options.aud ?? audience)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '10m')
    .sign(options.key ?? issuerKey);
}

async function post(query: string, bearer?: string) {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(bearer ? { authorization: `Bearer ${bearer}` } : {}),
    },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as {
    data?: any;
    errors?: Array<{ message: string; extensions?: { code?: string } }>;
  };
  return { status: response.status, body };
}

const worklist = '{ dossiers(first: 3) { totalCount nodes { code status } } }';

describe('in production mode', () => {
  it('serves a client whose token the configured issuer signed', async () => {
    const { status, body } = await post(worklist, await token());
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data.dossiers.nodes).toHaveLength(3);
  });

  it.each([
    ['another issuer', () => token({ iss: 'urn:test:someone-else' })],
    ['another audience', () => token({ aud: 'urn:test:another-service' })],
    ['another ES256 key', () => token({ key: otherKey })],
    ['an expired token', () => token({ expiresIn: Math.floor(Date.now() / 1000) - 60 })],
    [
      'the development key',
      () => signDevToken(dataDir, { sub: 'lgsp-production-test', scope: 'dossier:read:all' }),
    ],
  ])('refuses %s alone with 401 UNAUTHENTICATED', async (_reason, make) => {
    const { status, body } = await post(worklist, await make());
    expect(status).toBe(401);
    expect(body.data ?? null).toBeNull();
    expect(body.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
  });

  it('answers no introspection and suggests no field names', async () => {
    const bearer = await token();
    const introspection = await post('{ __schema { types { name } } }', bearer);
    expect(introspection.body.data ?? null).toBeNull();
    expect(introspection.body.errors?.[0]?.message).toMatch(/introspection/i);
    const misspelt = await post('{ dossiers(first: 1) { nodes { cod } } }', bearer);
    expect(misspelt.status).toBe(400);
    expect(misspelt.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(misspelt.body.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });

  it('runs the subgraphs in production too: they refuse a request the gateway did not sign', async () => {
    const response = await fetch(subgraphs.dossiers?.url ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await token()}` },
      body: JSON.stringify({ query: worklist }),
    });
    expect(response.status).toBe(401);
  });
});
