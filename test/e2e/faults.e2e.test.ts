import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slow } from '../support/slow.ts';
import { demoSize, generateWorld } from '../../seed/generateWorld.ts';
import { devKeyFile, signDevToken } from '../../runtime/devKey.ts';
import { devRouterKeyFile, loadRouterSigningKey } from '../../runtime/routerKeys.ts';
import { createRouterRequestSigner } from '../../runtime/signRouterRequest.ts';
import { loadEnv } from '../../runtime/env.ts';
import { startFaultProxy, type FaultProxy } from '../support/faultProxy.ts';
import { spawnService, type Service } from '../support/spawnService.ts';
import { freePort } from '../support/freePort.ts';
import { spawnSubgraph, spawnSubgraphs } from '../support/spawnSubgraphs.ts';
import { drainUnderLoad, postOnce, tallyOutcomes, type Outcome } from '../support/drainUnderLoad.ts';
import { subgraphNames, type SubgraphName } from '../../runtime/subgraphNames.ts';
import { nationalHeaders, writeNationalClients } from '../support/nationalClients.ts';

// The real processes over HTTP, with fault proxies in front of the procedures and dossiers subgraphs.
// The gateway gives each subgraph 1.5 s here (3 s by default) to keep the suite short.
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gateway-faults-'));
const subgraphs: Record<string, Service> = {};
const proxies: Record<'procedures' | 'dossiers', FaultProxy> = {} as never;
let gateway: Service;

const clients = writeNationalClients(dataDir, ['faults-client']);
const gatewayEnv = (extra: Record<string, string> = {}) => ({
  GATEWAY_PORT: '0',
  DATA_DIR: dataDir,
  CLIENT_LIMITS_FILE: clients,
  SUBGRAPH_TIMEOUT_MS: '1500',
  POPULATION_URL: subgraphs.population?.url ?? '',
  BUSINESS_URL: subgraphs.business?.url ?? '',
  PROCEDURES_URL: `${proxies.procedures.url}/graphql`,
  DOSSIERS_URL: `${proxies.dossiers.url}/graphql`,
  DOCUMENTS_URL: subgraphs.documents?.url ?? '',
  ...extra,
});

beforeAll(async () => {
  // The proxies first: a subgraph is told the URL routers reach it at, to check their signatures against.
  for (const name of ['procedures', 'dossiers'] as const)
    proxies[name] = await startFaultProxy(() => new URL(subgraphs[name]?.url ?? '').origin);
  // The dossiers subgraph reads the registries through the gateway at submission: it is told where.
  const gatewayPort = await freePort();
  Object.assign(
    subgraphs,
    await spawnSubgraphs(dataDir, {
      PROCEDURES_URL: `${proxies.procedures.url}/graphql`,
      DOSSIERS_URL: `${proxies.dossiers.url}/graphql`,
      GATEWAY_URL: `http://127.0.0.1:${gatewayPort}/`,
      CLIENT_LIMITS_FILE: clients,
    }),
  );
  gateway = await spawnService(
    'bin/gateway.ts',
    [],
    gatewayEnv({ GATEWAY_PORT: String(gatewayPort) }),
    'gateway listening',
  );
}, slow(300_000));

const report: string[] = [];
const served = { status: 200, codes: [], data: true };
const servedOrRefused = (o: Outcome) =>
  (o.status === 200 && o.codes.length === 0 && o.data) ||
  (o.status === 503 && o.codes.join() === 'SHUTTING_DOWN') ||
  o.status === 'refused';

afterAll(async () => {
  if (report.length) console.log(`\ndrains, what every client saw:\n${report.join('\n')}\n`);
  await Promise.all([gateway, ...Object.values(subgraphs)].map((s) => s?.stop()));
  await Promise.all(Object.values(proxies).map((p) => p.close()));
  rmSync(dataDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  body: {
    data?: any;
    errors?: Array<{ message: string; path?: Array<string | number>; extensions?: { code?: string } }>;
  };
}

async function clientHeaders(): Promise<Record<string, string>> {
  const token = await signDevToken(dataDir, {
    sub: 'faults-client',
    scope: 'citizen:basic business:read dossier:read:all dossier:write',
  });
  return {
    authorization: `Bearer ${token}`,
    ...nationalHeaders,
    'x-purpose': encodeURIComponent('Kiểm thử sự cố'),
  };
}

async function post(url: string, query: string, variables?: Record<string, unknown>): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(await clientHeaders()) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

/** The gateway's own count of failed subgraph fetches, from its /metrics. */
async function faultCount(service: Service, subgraph: string, kind: string, reason: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', service.metricsUrl))).text();
  const labels = [`subgraph="${subgraph}"`, `kind="${kind}"`, `reason="${reason}"`];
  const line = text
    .split('\n')
    .find((l) => l.startsWith('subgraph_faults_total{') && labels.every((label) => l.includes(label)));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

const worklist = `{ dossiers(first: 10) { totalCount nodes { code status procedure { name } applicant { __typename ... on Citizen { personalId } ... on Business { enterpriseCode name } } } } }`;

describe('faults', () => {
  it('answers /health and /ready on the gateway and on every subgraph', async () => {
    for (const service of [gateway, ...Object.values(subgraphs)]) {
      const base = new URL(service.url).origin;
      expect((await fetch(`${base}/health`)).status, base).toBe(200);
      const ready = await fetch(`${base}/ready`);
      expect(ready.status, base).toBe(200);
      expect(((await ready.json()) as { status: string }).status).toBe('ready');
    }
  });

  it('gives the rest of the answer, and SUBGRAPH_UNAVAILABLE on its paths, when a subgraph is too slow', async () => {
    proxies.procedures.delayMs = 2500;
    try {
      const timeoutsBefore = await faultCount(gateway, 'procedures', 'unavailable', 'timeout');
      const { status, body } = await post(gateway.url, worklist);
      expect(status).toBe(200);
      // The gateway gave up on its own timer (not the proxy, which would have answered after 2.5 s).
      expect(await faultCount(gateway, 'procedures', 'unavailable', 'timeout')).toBe(timeoutsBefore + 1);
      const nodes = body.data?.dossiers?.nodes as Array<Record<string, unknown>>;
      expect(nodes).toHaveLength(10);
      for (const node of nodes) {
        expect(node.code).toMatch(/-\d{6}-\d{4}$/);
        expect(node.procedure).toBeNull();
        expect(node.applicant).not.toBeNull();
      }
      expect(body.errors?.length).toBeGreaterThan(0);
      for (const error of body.errors ?? []) {
        expect(error.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
        expect(error.path?.slice(0, 2)).toEqual(['dossiers', 'nodes']);
        expect(error.path?.[3]).toBe('procedure');
      }
      const ready = await fetch(new URL('/ready', gateway.url));
      expect(ready.status).toBe(503);
      expect(((await ready.json()) as { checks: Record<string, boolean> }).checks).toMatchObject({
        procedures: false,
        population: true,
      });
    } finally {
      proxies.procedures.delayMs = 0;
    }
  });

  it('retries a query once after a dropped connection, and never a mutation', async () => {
    proxies.procedures.posts = 0;
    proxies.procedures.resetNext = 1;
    const query = await post(gateway.url, `{ procedures(first: 2) { totalCount nodes { code name } } }`);
    expect(query.body.errors).toBeUndefined();
    expect(query.body.data?.procedures?.nodes).toHaveLength(2);
    expect(proxies.procedures.posts).toBe(2);

    proxies.dossiers.posts = 0;
    proxies.dossiers.resetNext = 1;
    const mutation = await post(
      gateway.url,
      `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { code } }`,
      {
        input: {
          procedureCode: '1.001193',
          applicant: { personalId: '004179000014' },
          channel: 'ONLINE',
          provinceCode: '79',
          wardCode: '97901',
          idempotencyKey: `faults-${Date.now()}`,
        },
      },
    );
    expect(mutation.body.errors?.[0]?.extensions?.code).toBe('SUBGRAPH_UNAVAILABLE');
    expect(mutation.body.errors?.[0]?.path).toEqual(['submitDossier']);
    expect(proxies.dossiers.posts).toBe(1);
  });

  it('sends a query and a mutation again after a draining subgraph answered SHUTTING_DOWN (it took neither)', async () => {
    proxies.procedures.posts = 0;
    proxies.procedures.shutdownNext = 1;
    const query = await post(gateway.url, `{ procedures(first: 2) { nodes { code } } }`);
    expect(query.body.errors ?? []).toEqual([]);
    expect(query.body.data?.procedures?.nodes).toHaveLength(2);
    expect(proxies.procedures.posts).toBe(2);

    proxies.dossiers.posts = 0;
    proxies.dossiers.shutdownNext = 1;
    const adult = generateWorld(demoSize).population.citizens.find(
      (c) => c.birthDate < '2000-01-01' && c.deathDate === null,
    );
    const mutation = await post(
      gateway.url,
      `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { code } }`,
      {
        input: {
          procedureCode: '1.000656',
          applicant: { personalId: adult?.personalId },
          channel: 'ONLINE',
          provinceCode: '79',
          wardCode: '97901',
          idempotencyKey: `faults-shutdown-${Date.now()}`,
        },
      },
    );
    expect(mutation.body.errors ?? []).toEqual([]);
    expect(mutation.body.data?.submitDossier?.code).toBeTruthy();
    expect(proxies.dossiers.posts).toBe(2);

    // Twice in a row (no other replica to take it): the subgraph is unavailable, not "shutting down".
    proxies.procedures.shutdownNext = 2;
    // (another selection than above: the gateway may reuse the public catalogue's answer for a while)
    const refused = await post(gateway.url, `{ procedures(first: 4) { nodes { code sector } } }`);
    expect(refused.body.errors?.map((e) => e.extensions?.code)).toEqual(['SUBGRAPH_UNAVAILABLE']);
    expect(refused.body.errors?.[0]?.message).toContain('procedures subgraph is shutting down');
  });

  it('drains the gateway on SIGTERM: 100 in flight and every arrival during the delay answered, exit 0', async () => {
    const draining = await spawnService(
      'bin/gateway.ts',
      [],
      gatewayEnv({ DRAIN_DELAY_MS: '2000', SUBGRAPH_TIMEOUT_MS: '10000' }),
      'gateway listening',
    );
    proxies.procedures.delayMs = 1500;
    try {
      const headers = await clientHeaders();
      const send = () =>
        postOnce(draining.url, { query: `{ procedures(first: 3) { nodes { code name } } }` }, headers);
      const readyDuringDrain = (async () => {
        await new Promise((resolve) => setTimeout(resolve, 600));
        return (await fetch(new URL('/ready', draining.url))).status;
      })();
      const result = await drainUnderLoad({ service: draining, send, drainDelayMs: 2000, arriveForMs: 4000 });
      report.push(
        `gateway SIGTERM: in flight ${JSON.stringify(tallyOutcomes(result.inFlight))}, arriving ${JSON.stringify(tallyOutcomes(result.arrivals))}, exit ${result.exitCode}`,
      );
      expect(await readyDuringDrain).toBe(503);
      for (const outcome of [...result.inFlight, ...result.early]) expect(outcome).toMatchObject(served);
      // Later ones are served, or refused (503 SHUTTING_DOWN, then a closed port): never a 500, never a lost request.
      for (const outcome of result.arrivals) expect(outcome).toSatisfy(servedOrRefused);
      // 0, not the 1 of the 25 s safety timer: the drain finished on its own.
      expect(result.exitCode).toBe(0);
      expect(draining.logs().some((line) => line.includes('shutdown took longer'))).toBe(false);
    } finally {
      proxies.procedures.delayMs = 0;
    }
  });

  // Each subgraph drains too: a fresh instance of it, SIGTERM with 100 requests in flight, asked
  // directly as the gateway asks it (signed with the router key), so that what a closed listener
  // refuses shows apart from a request it took and lost.
  const world = generateWorld(demoSize);
  const someCitizens = world.population.citizens.slice(0, 40).map((c) => c.personalId);
  const subgraphLoad: Record<SubgraphName, { query: string; variables?: Record<string, unknown> }> = {
    population: {
      query: `query($ids: [PersonalId!]!) { citizens(personalIds: $ids) { fullName birthDate } }`,
      variables: { ids: someCitizens },
    },
    business: { query: `{ businesses(first: 50) { nodes { name legalForm } } }` },
    procedures: { query: `{ procedures(first: 50) { nodes { code name requirements { name } } } }` },
    dossiers: { query: `{ dossiers(first: 40) { totalCount nodes { code status } } }` },
    documents: { query: `{ documentTypes { code name acceptedFor } documentRevocations { id revokedAt } }` },
  };
  for (const name of subgraphNames)
    it(`drains the ${name} subgraph on SIGTERM: every request it took answered, none 500, exit 0`, async () => {
      // Its own data directory (PGlite allows one process per database), with the suite's development
      // keys: the same token issuer and router key as the rest.
      const instanceDir = path.join(dataDir, `drain-${name}`);
      mkdirSync(instanceDir, { recursive: true });
      for (const file of [devKeyFile(dataDir), devRouterKeyFile(dataDir)])
        copyFileSync(file, path.join(instanceDir, path.basename(file)));
      const instance = await spawnSubgraph(name, instanceDir, {
        DRAIN_DELAY_MS: '2000',
        CLIENT_LIMITS_FILE: clients,
      });
      try {
        const sign = createRouterRequestSigner(await loadRouterSigningKey(loadEnv({ DATA_DIR: dataDir })));
        const caller = await clientHeaders();
        const body = JSON.stringify(subgraphLoad[name]);
        const send = async () =>
          postOnce(
            instance.url,
            body,
            await sign({ method: 'POST', url: instance.url, headers: { ...caller }, body }),
          );
        expect(await send()).toMatchObject(served);
        const result = await drainUnderLoad({
          service: instance,
          send,
          drainDelayMs: 2000,
          arriveForMs: 4000,
        });
        report.push(
          `${name} SIGTERM: in flight ${JSON.stringify(tallyOutcomes(result.inFlight))}, arriving ${JSON.stringify(tallyOutcomes(result.arrivals))}, exit ${result.exitCode}`,
        );
        // A request the subgraph had read before its delay ran out is answered with data; one it had not
        // yet read (a busy 2-core machine may take seconds) is refused 503 SHUTTING_DOWN, which the
        // gateway sends again: none is lost, none is a 500.
        for (const outcome of [...result.inFlight, ...result.early, ...result.arrivals])
          expect(outcome).toSatisfy(servedOrRefused);
        expect(result.inFlight.filter((o) => o.status === 200).length).toBeGreaterThan(0);
        expect(result.arrivals.some((o) => o.status !== 200)).toBe(true);
        expect(result.exitCode).toBe(0);
        expect(instance.logs().some((line) => line.includes('shutdown took longer'))).toBe(false);
      } finally {
        await instance.stop();
      }
    });

  it('keeps answering when a subgraph process is killed: its fields are SUBGRAPH_UNAVAILABLE', async () => {
    subgraphs.business?.process.kill('SIGKILL');
    await new Promise((resolve) => subgraphs.business?.process.once('exit', resolve));
    const { status, body } = await post(gateway.url, worklist.replace('first: 10', 'first: 100'));
    expect(status).toBe(200);
    const nodes = body.data?.dossiers?.nodes as Array<{ applicant: { __typename: string } | null }>;
    expect(nodes).toHaveLength(100);
    expect(nodes.some((n) => n.applicant?.__typename === 'Citizen')).toBe(true);
    const businessErrors = (body.errors ?? []).filter((e) => e.extensions?.code === 'SUBGRAPH_UNAVAILABLE');
    expect(businessErrors.length).toBeGreaterThan(0);
    expect((body.errors ?? []).every((e) => e.extensions?.code === 'SUBGRAPH_UNAVAILABLE')).toBe(true);
    expect(nodes.some((n) => n.applicant === null)).toBe(true); // the businesses, whose names are missing
    const code = generateWorld(demoSize).business.businesses[0]?.enterpriseCode;
    const root = await post(
      gateway.url,
      `query($code: EnterpriseCode!) { business(enterpriseCode: $code) { name } procedures(first: 1) { totalCount } }`,
      { code },
    );
    expect(root.body.data?.procedures?.totalCount).toBeGreaterThan(0);
    expect(root.body.data?.business).toBeNull();
    expect(root.body.errors).toEqual([
      expect.objectContaining({
        path: ['business'],
        extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE' }),
      }),
    ]);
  });
});
