import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTokenVerifier } from '../runtime/authenticate.ts';
import { closeServer, listen } from '../runtime/createHttpServer.ts';
import { createMetrics } from '../runtime/createMetrics.ts';
import { signDevToken } from '../runtime/devKey.ts';
import { loadEnv } from '../runtime/env.ts';
import { createLogger } from '../runtime/logger.ts';
import { keyidOf } from '../runtime/routerKeys.ts';
import { createRouterRequestSigner } from '../runtime/signRouterRequest.ts';
import { createRouterRequestVerifier } from '../runtime/verifyRouterRequest.ts';
import { createSubgraphServer, type SubgraphServer } from '../subgraphs/kit/createSubgraphServer.ts';
import { routerAdmission } from '../subgraphs/kit/routerAdmission.ts';
import { population } from '../subgraphs/population/index.ts';
import { procedures } from '../subgraphs/procedures/index.ts';
import { rawRequest } from './support/rawRequest.ts';
import { openTestDb } from './support/testDatabase.ts';

// An attacker on the internal network, between router and subgraphs: every request a subgraph takes
// must be signed by a router key it knows, for it, over this body and these caller headers, recently,
// once. A valid client token alone opens nothing.
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'router-signatures-'));
const routerKey = generateKeyPairSync('ed25519');
const strangerKey = generateKeyPairSync('ed25519');
let keyid: string;
let sign: ReturnType<typeof createRouterRequestSigner>;
const servers: Array<{ server: SubgraphServer; url: string; metrics: ReturnType<typeof createMetrics> }> = [];
let token: string;

beforeAll(async () => {
  keyid = await keyidOf(routerKey.publicKey);
  sign = createRouterRequestSigner({ keyid, privateKey: routerKey.privateKey });
  const env = loadEnv({ DATA_DIR: dataDir });
  token = await signDevToken(dataDir, { sub: 'lgsp-test', agency: '000.00.00.H29', scope: 'citizen:basic' });
  for (const module of [population, procedures]) {
    const origins = new Set<string>();
    const metrics = createMetrics(module.name);
    const server = await createSubgraphServer(module as never, {
      db: await openTestDb(module.name),
      verifyToken: await createTokenVerifier(env),
      admit: routerAdmission(
        createRouterRequestVerifier({ keys: new Map([[keyid, routerKey.publicKey]]), origins }),
        { mutualTls: false },
      ),
      metrics,
      logger: createLogger(module.name, 'silent'),
    });
    const base = await listen(server.http, 0, '127.0.0.1');
    origins.add(base);
    servers.push({ server, url: `${base}/graphql`, metrics });
  }
});

afterAll(async () => {
  for (const { server } of servers) {
    await closeServer(server.http);
    await server.apollo.stop();
    await server.db.close();
  }
  rmSync(dataDir, { recursive: true, force: true });
});

const urlOf = (i: number) => servers[i]?.url ?? '';
const body = JSON.stringify({ query: '{ __typename }' });
const clientHeaders = () => ({
  'content-type': 'application/json',
  authorization: `Bearer ${token}`,
  'x-purpose': encodeURIComponent('Giải quyết hồ sơ'),
  'x-request-id': 'signature-test',
});

async function send(url: string, headers: Record<string, string>, sent = body) {
  const response = await fetch(url, { method: 'POST', headers, body: sent });
  const json = (await response.json()) as {
    data?: unknown;
    errors?: Array<{ message: string; extensions?: { code?: string } }>;
  };
  return { status: response.status, json };
}

const refused = (result: Awaited<ReturnType<typeof send>>, reason: RegExp) => {
  expect(result.status).toBe(401);
  expect(result.json.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect(result.json.errors?.[0]?.message).toMatch(reason);
  expect(result.json.data).toBeUndefined();
};

describe('router signatures (RFC 9421) at the subgraphs', () => {
  it('takes a request the router signed for it, once: the same request again is a replay', async () => {
    const url = urlOf(0);
    const headers = await sign({ method: 'POST', url, headers: clientHeaders(), body });
    expect(headers['signature-input']).toMatch(/"@target-uri".*"content-digest".*"authorization".*nonce=/);
    const first = await send(url, headers);
    expect(first.status).toBe(200);
    expect(first.json).toEqual({ data: { __typename: 'Query' } });
    refused(await send(url, headers), /used before \(replay\)/);
  });

  it('refuses a signature made for another subgraph, whatever Host the attacker sends', async () => {
    const [populationUrl, proceduresUrl] = [urlOf(0), urlOf(1)];
    const forProcedures = await sign({ method: 'POST', url: proceduresUrl, headers: clientHeaders(), body });
    // Its target URI is procedures': the signature does not verify at population.
    refused(await send(populationUrl, forProcedures), /does not verify/);
    const again = await sign({ method: 'POST', url: proceduresUrl, headers: clientHeaders(), body });
    // fetch will not send another Host: node:http will.
    const sneaked = await rawRequest(
      populationUrl,
      { headers: { ...again, host: new URL(proceduresUrl).host } },
      body,
    );
    refused({ status: sneaked.status, json: JSON.parse(sneaked.text) }, /not addressed to this subgraph/);
  });

  it('refuses a body changed under the signature, even with its digest recomputed', async () => {
    const url = urlOf(0);
    const changed = JSON.stringify({ query: '{ __typename __schema { queryType { name } } }' });
    const headers = await sign({ method: 'POST', url, headers: clientHeaders(), body });
    refused(await send(url, headers, changed), /does not match its Content-Digest/);
    const { createHash } = await import('node:crypto');
    const digest = `sha-256=:${createHash('sha256').update(changed).digest('base64')}:`;
    const resigned = await sign({ method: 'POST', url, headers: clientHeaders(), body });
    refused(await send(url, { ...resigned, 'content-digest': digest }, changed), /does not verify/);
  });

  it('refuses changed or added caller headers: another purpose, another token', async () => {
    const url = urlOf(0);
    const headers = await sign({ method: 'POST', url, headers: clientHeaders(), body });
    refused(await send(url, { ...headers, 'x-purpose': 'something else' }), /does not verify/);
    const withoutToken: Record<string, string> = clientHeaders();
    delete withoutToken.authorization;
    const unsignedToken = await sign({ method: 'POST', url, headers: withoutToken, body });
    refused(
      await send(url, { ...unsignedToken, authorization: `Bearer ${token}` }),
      /does not cover the method, target, body digest and caller headers/,
    );
  });

  it('refuses a direct call with a valid client token but no router signature', async () => {
    refused(await send(urlOf(0), clientHeaders()), /no router signature/);
    refused(await send(urlOf(1), clientHeaders()), /no router signature/);
  });

  it('refuses an unknown keyid and a signature by a key it does not know under a known keyid', async () => {
    const url = urlOf(0);
    const stranger = createRouterRequestSigner({
      keyid: await keyidOf(strangerKey.publicKey),
      privateKey: strangerKey.privateKey,
    });
    refused(
      await send(url, await stranger({ method: 'POST', url, headers: clientHeaders(), body })),
      /key this subgraph does not know/,
    );
    const impostor = createRouterRequestSigner({ keyid, privateKey: strangerKey.privateKey });
    refused(
      await send(url, await impostor({ method: 'POST', url, headers: clientHeaders(), body })),
      /does not verify/,
    );
  });

  it('refuses an expired signature', async () => {
    const url = urlOf(0);
    const headers = await sign({ method: 'POST', url, headers: clientHeaders(), body });
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 30_000 });
    try {
      refused(await send(url, headers), /expired/);
    } finally {
      vi.useRealTimers();
    }
  });

  it('still checks the client token a valid signature carries', async () => {
    const url = urlOf(0);
    const headers = await sign({
      method: 'POST',
      url,
      headers: { ...clientHeaders(), authorization: 'Bearer not-a-token' },
      body,
    });
    const result = await send(url, headers);
    expect(result.status).toBe(401);
    expect(result.json.errors?.[0]?.message).toMatch(/Invalid token/);
  });

  // #26 point 21: about 20 refusals left no log line and no metric: an operator saw no attack.
  it('counts every refusal by its reason at /metrics', async () => {
    const text = await servers[0]?.metrics.registry.metrics();
    const count = (reason: string) =>
      Number(
        new RegExp(`router_requests_refused_total\\{[^}]*reason="${reason}"[^}]*\\} (\\d+)`).exec(
          text ?? '',
        )?.[1] ?? 0,
      );
    expect(count('replay')).toBeGreaterThan(0);
    expect(count('unsigned')).toBeGreaterThan(0);
    expect(count('digest')).toBeGreaterThan(0);
    expect(count('expired')).toBeGreaterThan(0);
    expect(text).not.toMatch(/reason="other"/);
  });
});
