import { exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '../../runtime/devKey.ts';
import { subgraphNames } from '../../runtime/subgraphNames.ts';
import { loadRouterSigningKey, writeRouterKeyFiles } from '../../runtime/routerKeys.ts';
import { newEd25519Pem } from '../../runtime/ed25519Key.ts';
import { freePort } from '../support/freePort.ts';
import { slow } from '../support/slow.ts';
import { spawnService, type Service } from '../support/spawnService.ts';
import { spawnSubgraph, spawnSubgraphs } from '../support/spawnSubgraphs.ts';
import { drainUnderLoad, postOnce, tallyOutcomes } from '../support/drainUnderLoad.ts';
import { createRouterRequestSigner } from '../../runtime/signRouterRequest.ts';
import { loadEnv } from '../../runtime/env.ts';

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
  return new SignJWT({ agency: '000.00.00.H29', scope: 'dossier:read:all', role: 'client' })
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
    // Nor enum values: "Did you mean the enum value SUBMITTED?" would spell out the lifecycle.
    const enumMisspelt = await post('{ dossiers(first: 1, status: SUBMITED) { totalCount } }', bearer);
    expect(enumMisspelt.status).toBe(400);
    expect(enumMisspelt.body.errors?.[0]?.message).toMatch(/SUBMITED/);
    expect(JSON.stringify(enumMisspelt.body)).not.toMatch(/Did you mean|SUBMITTED/);
  });

  it('runs the subgraphs in production too: they refuse a request the gateway did not sign', async () => {
    const response = await fetch(subgraphs.dossiers?.url ?? '', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await token()}` },
      body: JSON.stringify({ query: worklist }),
    });
    expect(response.status).toBe(401);
  });

  it('drains on SIGTERM as deployed: the gateway and a subgraph answer all they took, exit 0', async () => {
    const headers = { authorization: `Bearer ${await token()}` };
    const front = await spawnService(
      'bin/gateway.ts',
      [],
      {
        ...production,
        GATEWAY_PORT: '0',
        DATA_DIR: dataDir,
        DRAIN_DELAY_MS: '2000',
        ...Object.fromEntries(
          subgraphNames.map((name) => [`${name.toUpperCase()}_URL`, subgraphs[name]?.url ?? '']),
        ),
      },
      'gateway listening',
    );
    const gatewayDrain = await drainUnderLoad({
      service: front,
      send: () => postOnce(front.url, { query: worklist }, headers),
      drainDelayMs: 2000,
      arriveForMs: 4000,
    });
    // A dossiers instance of its own, asked as the gateway asks it (signed with the router key).
    const instanceDir = path.join(dataDir, 'drain-dossiers');
    const instance = await spawnSubgraph('dossiers', instanceDir, { ...production, DRAIN_DELAY_MS: '2000' });
    const sign = createRouterRequestSigner(
      await loadRouterSigningKey(loadEnv({ ...production, DATA_DIR: dataDir })),
    );
    const body = JSON.stringify({ query: worklist });
    const subgraphDrain = await drainUnderLoad({
      service: instance,
      send: async () =>
        postOnce(
          instance.url,
          body,
          await sign({ method: 'POST', url: instance.url, headers: { ...headers }, body }),
        ),
      drainDelayMs: 2000,
      arriveForMs: 4000,
    });
    for (const [name, result] of [
      ['gateway', gatewayDrain],
      ['dossiers', subgraphDrain],
    ] as const) {
      console.log(
        `production ${name} SIGTERM: in flight ${JSON.stringify(tallyOutcomes(result.inFlight))}, arriving ${JSON.stringify(tallyOutcomes(result.arrivals))}, exit ${result.exitCode}`,
      );
      // Read before the delay ran out: answered; not yet read on a busy machine: 503 SHUTTING_DOWN.
      expect(result.inFlight.filter((o) => o.status === 200).length).toBeGreaterThan(0);
      for (const outcome of [...result.inFlight, ...result.arrivals])
        expect(
          (outcome.status === 200 && outcome.codes.length === 0) ||
            (outcome.status === 503 && outcome.codes.join() === 'SHUTTING_DOWN') ||
            outcome.status === 'refused',
          `${name}: ${JSON.stringify(outcome)}`,
        ).toBe(true);
      expect(result.exitCode).toBe(0);
    }
  });
});
