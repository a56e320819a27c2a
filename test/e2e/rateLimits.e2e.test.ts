import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '../../runtime/devKey.ts';
import { demoSize, generateWorld } from '../../seed/generateWorld.ts';
import { freePort } from '../support/freePort.ts';
import { redisForTests, testRedisUrl } from '../support/redisForTests.ts';
import { slow } from '../support/slow.ts';
import { spawnService, type Service } from '../support/spawnService.ts';
import { spawnSubgraphs } from '../support/spawnSubgraphs.ts';
import { nationalHeaders, writeNationalClients } from '../support/nationalClients.ts';

// Two gateway replicas and the subgraphs as real processes, all counting limits in this machine's
// Redis, with a limits file naming clients made for this run (their counts start from nothing).
const withRedis = await redisForTests('rateLimits.e2e.test.ts (limits shared by two gateway replicas)');
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gateway-limits-'));
const run = randomUUID().slice(0, 8);
const client = {
  shared: `shared-${run}`,
  flooder: `flooder-${run}`,
  steady: `steady-${run}`,
  scraper: `scraper-${run}`,
};
const worklistOf100Cost = 400; // gateway/operationCost.ts: 100 + 100 × (node, procedure, applicant)
let subgraphs: Record<string, Service> = {};
const gateways: Service[] = [];

beforeAll(async () => {
  if (!withRedis) return;
  // National clients, reading under a legal basis: these tests count limits, not cases.
  const limitsFile = writeNationalClients(dataDir, Object.values(client), {
    clients: {
      [client.shared]: { requestsPerMinute: 30 },
      [client.flooder]: { costPerMinute: 10 * worklistOf100Cost },
      [client.scraper]: { citizensPerDay: 2 },
    },
  });
  // A generous subgraph timeout: on a slow CI machine, under the flood below, the default 3 s answered
  // admitted worklists SUBGRAPH_UNAVAILABLE. Timeouts have suites of their own; this one counts limits.
  const common = {
    DATA_DIR: dataDir,
    REDIS_URL: testRedisUrl,
    CLIENT_LIMITS_FILE: limitsFile,
    SUBGRAPH_TIMEOUT_MS: '60000',
  };
  const gatewayPorts = [await freePort(), await freePort()];
  subgraphs = await spawnSubgraphs(dataDir, {
    ...common,
    GATEWAY_URL: `http://127.0.0.1:${gatewayPorts[0]}/`,
  });
  const subgraphUrls = Object.fromEntries(
    Object.entries(subgraphs).map(([name, s]) => [`${name.toUpperCase()}_URL`, s.url]),
  );
  for (const port of gatewayPorts)
    gateways.push(
      await spawnService(
        'bin/gateway.ts',
        [],
        { ...common, ...subgraphUrls, GATEWAY_PORT: String(port) },
        'gateway listening',
      ),
    );
}, slow(300_000));

afterAll(async () => {
  await Promise.all([...gateways, ...Object.values(subgraphs)].map((s) => s.stop()));
  rmSync(dataDir, { recursive: true, force: true });
});

const tokenOf = (sub: string) =>
  signDevToken(dataDir, {
    sub,
    scope: 'citizen:basic business:read dossier:read:all',
  });

interface Outcome {
  status: number;
  code: string;
  retryAfter: string | null;
}

async function post(gateway: Service, token: string, query: string, variables?: unknown): Promise<Outcome> {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      ...nationalHeaders,
      'x-purpose': encodeURIComponent('kiểm thử giới hạn'),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as {
    data?: unknown;
    errors?: Array<{ extensions?: { code?: string } }>;
  };
  return {
    status: response.status,
    code: body.errors?.[0]?.extensions?.code ?? (body.data ? 'data' : 'none'),
    retryAfter: response.headers.get('retry-after'),
  };
}

const tally = (outcomes: Outcome[]) => {
  const counts: Record<string, number> = {};
  for (const o of outcomes) counts[`${o.status} ${o.code}`] = (counts[`${o.status} ${o.code}`] ?? 0) + 1;
  return counts;
};

/** Sends `total` requests with `concurrency` in flight, taking turns between the gateways. */
async function load(total: number, concurrency: number, send: (gateway: Service) => Promise<Outcome>) {
  const outcomes: Outcome[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) {
        const i = next++;
        outcomes.push(await send(gateways[i % gateways.length] as Service));
      }
    }),
  );
  return outcomes;
}

async function metricValue(gateway: Service, pattern: RegExp): Promise<number> {
  const text = await (await fetch(new URL('/metrics', gateway.metricsUrl))).text();
  return Number(pattern.exec(text)?.[1] ?? NaN);
}

const lookup = '{ procedures(first: 1) { totalCount } }';
const worklist = (first: number) =>
  `{ dossiers(first: ${first}) { totalCount nodes { code procedure { name } applicant { ... on Citizen { fullName } ... on Business { name } } } } }`;

describe.skipIf(!withRedis)('per-client limits shared by two gateway replicas through Redis', () => {
  it('enforces one global request limit across both replicas: 30 of 80 answered, the rest 429 with Retry-After', async () => {
    const token = await tokenOf(client.shared);
    const outcomes = await load(80, 8, (gateway) => post(gateway, token, lookup));
    // Each replica counting alone would have let 60 through.
    expect(tally(outcomes)).toEqual({ '200 data': 30, '429 RATE_LIMITED': 50 });
    for (const o of outcomes.filter((o) => o.status === 429)) expect(Number(o.retryAfter)).toBeGreaterThan(0);
  });

  it('answers every request of a steady client while another floods with worklists of 100; the flooder gets 429s', async () => {
    const [flooder, steady] = await Promise.all([tokenOf(client.flooder), tokenOf(client.steady)]);
    // 25 at a time, not 100: on an overloaded 2-core machine the event-loop lag outlasted the replicas'
    // 1 s Redis timeout, and each fell back to counting alone (19 admitted where 10 may be).
    const [flood, others] = await Promise.all([
      load(600, 25, (gateway) => post(gateway, flooder, worklist(100))),
      load(40, 4, (gateway) => post(gateway, steady, worklist(20))),
    ]);
    // The flooder's budget (10 worklists of 100 a minute) is one figure for both replicas.
    expect(tally(flood)).toEqual({ '200 data': 10, '429 RATE_LIMITED': 590 });
    expect(tally(others)).toEqual({ '200 data': 40 });
    // Counted in Redis all along: neither replica fell back to counting alone.
    for (const gateway of gateways)
      expect(await metricValue(gateway, /^rate_limit_store_fallbacks_total\{[^}]*\} (\d+)/m)).toBe(0);
  });

  it('holds a client to its distinct citizens a day whichever replica it asks, with 429 and no personal data past it', async () => {
    const token = await tokenOf(client.scraper);
    const ids = generateWorld(demoSize)
      .population.citizens.slice(0, 3)
      .map((c) => c.personalId);
    const read = (gateway: Service, personalIds: string[]) =>
      post(gateway, token, 'query($ids: [PersonalId!]!) { citizens(personalIds: $ids) { fullName } }', {
        ids: personalIds,
      });
    const [a, b] = gateways as [Service, Service];
    expect(await read(a, ids)).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(await read(b, ids.slice(0, 2))).toMatchObject({ status: 200, code: 'data' });
    expect(await read(a, ids.slice(0, 2))).toMatchObject({ status: 200, code: 'data' });
    const past = await read(a, ids.slice(2));
    expect(past).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(past.retryAfter)).toBeGreaterThan(0);
  });

  it('serves /metrics on the operator port only, on loopback, counting refusals by limit', async () => {
    const gateway = gateways[0] as Service;
    expect((await fetch(new URL('/metrics', gateway.url))).status).toBe(404);
    expect(new URL(gateway.metricsUrl).hostname).toBe('127.0.0.1');
    expect(new URL(gateway.metricsUrl).port).not.toBe(new URL(gateway.url).port);
    const metrics = await (await fetch(new URL('/metrics', gateway.metricsUrl))).text();
    expect(metrics).toMatch(/^rate_limited_total\{[^}]*limit="requests"[^}]*\} [1-9]/m);
    expect(metrics).not.toContain(client.shared);
    for (const page of ['/health', '/ready'])
      expect((await fetch(new URL(page, gateway.metricsUrl))).status, page).toBe(200);
  });
});
