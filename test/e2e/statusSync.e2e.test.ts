import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '../../runtime/devKey.ts';
import { demoSize, generateWorld } from '../../seed/generateWorld.ts';
import { freePort } from '../support/freePort.ts';
import { slow } from '../support/slow.ts';
import { spawnService, type Service } from '../support/spawnService.ts';
import { spawnSubgraphs } from '../support/spawnSubgraphs.ts';
import { testDatabaseUrl } from '../support/testDatabase.ts';

// The status sync as deployed with a delivery worker of its own (npm run webhooks:worker): the subgraphs
// and the gateway as real processes with WEBHOOK_WORKER=off, the worker as another process on the same
// PostgreSQL database, killed with SIGKILL in the middle of a batch and started again.
const databaseUrl = await testDatabaseUrl();
if (!databaseUrl)
  console.warn(
    '\n!!! statusSync.e2e.test.ts: SKIPPED on PGlite: a separate delivery worker shares the dossiers database, which needs PostgreSQL (CI runs it on PostgreSQL). !!!\n',
  );
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gateway-sync-'));
const world = generateWorld(demoSize);
let subgraphs: Record<string, Service> = {};
let gateway: Service;
const workers: Service[] = [];
const received: Array<{ id: string; body: string; headers: Record<string, string> }> = [];
const hook = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  // Slow enough that a batch is still going when the worker is killed.
  req.on('end', () =>
    setTimeout(() => {
      received.push({
        id: String(req.headers['webhook-id']),
        body: Buffer.concat(chunks).toString(),
        headers: req.headers as Record<string, string>,
      });
      res.writeHead(204).end();
    }, 60),
  );
});

const workerEnv = () => ({
  DATA_DIR: dataDir,
  DATABASE_URL: databaseUrl ?? '',
  WEBHOOK_LEASE_MS: '1500',
  WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
});

beforeAll(async () => {
  if (!databaseUrl) return;
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  const gatewayPort = await freePort();
  subgraphs = await spawnSubgraphs(dataDir, {
    DATABASE_URL: databaseUrl,
    WEBHOOK_WORKER: 'off',
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    GATEWAY_URL: `http://127.0.0.1:${gatewayPort}/`,
  });
  gateway = await spawnService(
    'bin/gateway.ts',
    [],
    {
      DATA_DIR: dataDir,
      GATEWAY_PORT: String(gatewayPort),
      ...Object.fromEntries(Object.entries(subgraphs).map(([n, s]) => [`${n.toUpperCase()}_URL`, s.url])),
    },
    'gateway listening',
  );
}, slow(300_000));

afterAll(async () => {
  await Promise.all([...workers, gateway, ...Object.values(subgraphs)].map((s) => s?.stop()));
  hook.closeAllConnections();
  hook.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function post(token: string, query: string, variables: unknown) {
  const response = await fetch(gateway.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${token}`,
      'x-purpose': 'status-sync-test',
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
  expect(body.errors).toBeUndefined();
  return body.data as Record<string, any>;
}

const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 1500; i += 1) {
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`never happened: ${what}`);
};

describe.skipIf(!databaseUrl)('a delivery worker process killed mid-batch', () => {
  it('is restarted and delivers everything, each dossier in sequence, its only duplicates carrying the same webhook-id', async () => {
    const operator = await signDevToken(dataDir, { sub: 'ops', scope: 'webhook:manage' });
    const officer = await signDevToken(dataDir, {
      sub: 'sync-portal',
      agency: '000.00.00.X52',
      scope: 'dossier:write dossier:read citizen:basic',
    });
    const registered = await post(
      operator,
      `mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { secret } }`,
      { input: { id: 'portal', url: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook` } },
    );
    const verifier = new Webhook(registered.registerWebhook.secret as string);
    const applicant = world.population.citizens.find((c) => c.deathDate === null && c.birthDate < '2004');
    // A provincial procedure: filed at the province's centre, the officer's own agency.
    const procedure = world.procedures.procedures.find(
      (p) => p.onlineService === 'FULL' && p.level === 'PROVINCE' && p.code.length === 8,
    );
    const codes: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      const data = await post(
        officer,
        `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { code } }`,
        {
          input: {
            procedureCode: procedure?.code,
            applicant: { personalId: applicant?.personalId },
            channel: 'ONLINE',
            provinceCode: '52',
            idempotencyKey: `sync-e2e-${i}`,
          },
        },
      );
      codes.push(data.submitDossier.code as string);
    }
    for (const code of codes)
      for (const [to, v] of [
        ['RECEIVED', 1],
        ['IN_PROGRESS', 2],
      ] as const)
        await post(
          officer,
          `mutation($c: String!, $to: DossierStatus!, $v: Int!) { transitionDossier(code: $c, to: $to, expectedVersion: $v) { version } }`,
          { c: code, to, v },
        );

    const first = await spawnService('bin/webhookWorker.ts', [], workerEnv(), 'webhook worker ready');
    workers.push(first);
    await until(() => received.length >= 8, 'eight changes delivered');
    first.process.kill('SIGKILL');
    await first.stop();
    const beforeRestart = received.length;
    expect(beforeRestart).toBeLessThan(30);
    workers.push(await spawnService('bin/webhookWorker.ts', [], workerEnv(), 'webhook worker ready'));
    await until(() => new Set(received.map((r) => r.id)).size >= 30, 'all 30 changes delivered');

    for (const r of received) expect(() => verifier.verify(r.body, r.headers)).not.toThrow();
    const firstTime = new Map<string, { dossierCode: string; sequence: number }>();
    for (const r of received)
      if (!firstTime.has(r.id))
        firstTime.set(r.id, (JSON.parse(r.body) as { data: { dossierCode: string; sequence: number } }).data);
    const byDossier = new Map<string, number[]>();
    for (const d of firstTime.values())
      byDossier.set(d.dossierCode, [...(byDossier.get(d.dossierCode) ?? []), d.sequence]);
    expect([...byDossier.keys()].sort()).toEqual([...codes].sort());
    for (const sequence of byDossier.values()) expect(sequence).toEqual([1, 2, 3]);
    // A duplicate is a change the killed worker had sent and not yet recorded: the same webhook-id.
    expect(received.length - firstTime.size).toBeLessThanOrEqual(1);
  });
});
