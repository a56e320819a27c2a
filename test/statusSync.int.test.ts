import { filingFor } from './support/filingFor.ts';
import http from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadEnv } from '../runtime/env.ts';
import { startStatusSync } from '../subgraphs/dossiers/startStatusSync.ts';
import { pruneOutbox } from '../subgraphs/dossiers/pruneOutbox.ts';
import { dossierOutbox, webhookDeadLetters, webhookSubscribers } from '../drizzle/dossiers.ts';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { demoSize, generateWorld } from '../seed/generateWorld.ts';
import { createLogger } from '../runtime/logger.ts';
import { vietnamDate } from '../runtime/vietnamTime.ts';
import { roundCount } from '../subgraphs/dossiers/publishStatistics.ts';
import { createOutboxReader, positionOf, readOutboxEpoch } from '../subgraphs/dossiers/outbox.ts';
import type { Db } from '../subgraphs/kit/createDb.ts';
import { startWebhookWorker, type WebhookWorker } from '../subgraphs/dossiers/webhookWorker.ts';
import { createInProcessSupergraph, type InProcessSupergraph } from './support/inProcessSupergraph.ts';
import { slow } from './support/slow.ts';
import { openTestDb } from './support/testDatabase.ts';
import { sql } from 'drizzle-orm';

// The status sync over the in-process supergraph: the outbox written by every change, the pull query,
// and webhook delivery by the worker to subscribers on loopback that the tests control.
const world = generateWorld(demoSize);
const logger = createLogger('test', 'silent');
let graph: InProcessSupergraph;
let officer: string;
let operator: string;
let db: Db;
const workers: WebhookWorker[] = [];
const servers: http.Server[] = [];
beforeAll(async () => {
  graph = await createInProcessSupergraph({ webhookAllowedHosts: ['127.0.0.1'] });
  officer = await graph.token({
    sub: 'sync-officer',
    agency: '000.00.00.X86',
    scope: 'dossier:write dossier:read:all dossier:events citizen:basic',
  });
  operator = await graph.token({ sub: 'sync-operator', scope: 'webhook:manage dossier:read:all' });
  db = graph.servers.find((s) => s.module.name === 'dossiers')?.db.db as Db;
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.stop()));
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
  await graph?.close();
});

const codes = (result: { errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }) =>
  (result.errors ?? []).map((e) => e.extensions?.code);
let keys = 0;
const key = (name: string) => `${name}-${process.pid}-${Date.now()}-${(keys += 1)}`;
const applicants = world.population.citizens.filter(
  (c) => c.deathDate === null && Number(c.birthDate.slice(0, 4)) < 2004,
);
const procedure = world.procedures.procedures.find(
  (p) => p.onlineService === 'FULL' && p.code.length === 8,
) as (typeof world.procedures.procedures)[number];

/** Files a dossier in `province` (each test its own, so that its changes are its alone on a shared database). */
async function submit(province: string, applicant = applicants[3] as (typeof applicants)[number]) {
  const result = await graph.query(
    `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { code version } }`,
    {
      input: {
        procedureCode: procedure.code,
        applicant: { personalId: applicant.personalId },
        channel: 'ONLINE',
        provinceCode: filingFor(procedure, province).provinceCode,
        wardCode: filingFor(procedure, province).wardCode,
        idempotencyKey: key('sync'),
      },
    },
    { token: officer },
  );
  expect(result.errors).toBeUndefined();
  return result.data?.submitDossier as { code: string; version: number };
}

async function move(code: string, to: string, expectedVersion: number) {
  return graph.query(
    `mutation($c: String!, $to: DossierStatus!, $v: Int!) { transitionDossier(code: $c, to: $to, expectedVersion: $v) { version } }`,
    { c: code, to, v: expectedVersion },
    { token: officer },
  );
}

const changesQuery = `query($after: String, $first: Int, $p: String) {
  dossierEvents(after: $after, first: $first, provinceCode: $p) {
    nodes { id sequence dossierCode kind status nationalStatusCode agencyCode provinceCode procedureCode channel feePaid ratingScore }
    pageInfo { hasNextPage endCursor } } }`;
type Change = { id: string; sequence: number; dossierCode: string; kind: string; status: string };

async function allChanges(province: string, token = officer): Promise<Change[]> {
  const seen: Change[] = [];
  let after: string | null = null;
  for (;;) {
    const result = await graph.query(changesQuery, { after, first: 100, p: province }, { token });
    expect(result.errors).toBeUndefined();
    const page = result.data?.dossierEvents as {
      nodes: Change[];
      pageInfo: { hasNextPage: boolean; endCursor: string };
    };
    seen.push(...page.nodes);
    after = page.pageInfo.endCursor;
    if (!page.pageInfo.hasNextPage) return seen;
  }
}

/** A webhook subscriber on loopback: answers by `respond`, records every request it received. */
async function subscriber(respond: (n: number) => Promise<number> | number = () => 204) {
  const received: Array<{ body: string; headers: Record<string, string>; status: number }> = [];
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    // Closed before we answered: the sender gave up (its timeout), so this one was not accepted.
    let gone = false;
    res.on('close', () => (gone = !res.writableEnded));
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const status = await respond((n += 1));
      const body = Buffer.concat(chunks).toString();
      received.push({ body, headers: req.headers as Record<string, string>, status: gone ? 0 : status });
      if (!gone) res.writeHead(status).end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return { url, received, accepted: () => received.filter((r) => r.status >= 200 && r.status < 300) };
}

async function register(id: string, url: string, province: string) {
  const result = await graph.query(
    `mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { secret subscriber { id deliveredThrough } } }`,
    { input: { id, url, provinceCode: province, fromBeginning: true } },
    { token: operator },
  );
  expect(result.errors).toBeUndefined();
  return (result.data?.registerWebhook as { secret: string }).secret;
}

function worker(options: Partial<Parameters<typeof startWebhookWorker>[1]> = {}) {
  const w = startWebhookWorker(db, {
    logger,
    pollMs: 20,
    retryBaseMs: 10,
    timeoutMs: 2000,
    allowedHosts: ['127.0.0.1'],
    ...options,
  });
  workers.push(w);
  return w;
}

async function until(check: () => boolean | Promise<boolean>, what: string, rounds = 1500) {
  for (let i = 0; i < rounds; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`never happened: ${what}`);
}

const dataOf = (r: { body: string }) => (JSON.parse(r.body) as { data: Change }).data;

describe('the outbox', () => {
  it('writes one event per change, in the change’s transaction, numbered 1, 2, 3 per dossier', async () => {
    const { code } = await submit('86');
    let version = 1;
    for (const to of [
      'RECEIVED',
      'IN_PROGRESS',
      'SUPPLEMENT_REQUESTED',
      'IN_PROGRESS',
      'PAYMENT_REQUIRED',
      'IN_PROGRESS',
      'COMPLETED',
    ]) {
      const moved = await move(code, to, version);
      expect(moved.errors, to).toBeUndefined();
      version += 1;
    }
    // A refused change writes nothing: a stale version, a move the lifecycle forbids.
    expect(codes(await move(code, 'RESULT_RETURNED', 1))).toEqual(['CONFLICT']);
    expect(codes(await move(code, 'SUBMITTED', version))).toEqual(['INVALID_TRANSITION']);
    const rated = await graph.query(
      `mutation($c: String!) { rateDossier(code: $c, score: 4) { version } }`,
      { c: code },
      { token: officer },
    );
    expect(rated.errors).toBeUndefined();

    const mine = (await allChanges('86')).filter((c) => c.dossierCode === code);
    expect(mine.map((c) => [c.sequence, c.kind, c.status])).toEqual([
      [1, 'SUBMITTED', 'SUBMITTED'],
      [2, 'STATUS_CHANGED', 'RECEIVED'],
      [3, 'STATUS_CHANGED', 'IN_PROGRESS'],
      [4, 'SUPPLEMENT_REQUESTED', 'SUPPLEMENT_REQUESTED'],
      [5, 'SUPPLEMENT_PROVIDED', 'IN_PROGRESS'],
      [6, 'PAYMENT_REQUIRED', 'PAYMENT_REQUIRED'],
      [7, 'PAID', 'IN_PROGRESS'],
      [8, 'STATUS_CHANGED', 'COMPLETED'],
      [9, 'RATED', 'COMPLETED'],
    ]);
    expect(mine.at(-1)).toMatchObject({
      ratingScore: 4,
      provinceCode: '86',
      agencyCode: filingFor(procedure, '86').agencyCode,
      procedureCode: procedure.code,
    });
    // The same as the dossier's own history.
    const dossier = await graph.query(
      `query($c: String!) { dossier(code: $c) { version history { to } } }`,
      { c: code },
      { token: officer },
    );
    const d = dossier.data?.dossier as { version: number; history: Array<{ to: string }> };
    expect(d.version).toBe(9);
    expect(d.history.map((h) => h.to)).toEqual(mine.slice(0, 8).map((c) => c.status));
  });

  it('resumes from a kept cursor, page by page, and keeps the cursor when nothing is new', async () => {
    for (let i = 0; i < 3; i += 1) await submit('80');
    const first = await graph.query(changesQuery, { first: 2, p: '80' }, { token: officer });
    const page = first.data?.dossierEvents as {
      nodes: Change[];
      pageInfo: { hasNextPage: boolean; endCursor: string };
    };
    expect(page.nodes.length).toBe(2);
    expect(page.pageInfo.hasNextPage).toBe(true);
    const rest = await graph.query(
      changesQuery,
      { after: page.pageInfo.endCursor, first: 100, p: '80' },
      { token: officer },
    );
    const next = rest.data?.dossierEvents as {
      nodes: Change[];
      pageInfo: { hasNextPage: boolean; endCursor: string };
    };
    expect(next.nodes.length).toBeGreaterThanOrEqual(1);
    expect(positionOf(next.nodes[0]?.id ?? '')).toBeGreaterThan(positionOf(page.nodes[1]?.id ?? ''));
    // #26 point 23: ids carry the outbox's epoch, so they never repeat across deployments.
    const epoch = await createOutboxReader(db).outboxEpoch();
    for (const node of [...page.nodes, ...next.nodes]) expect(node.id).toMatch(new RegExp(`^${epoch}-\\d+$`));
    const empty = await graph.query(
      changesQuery,
      { after: next.pageInfo.endCursor, p: '80' },
      { token: officer },
    );
    expect(
      (empty.data?.dossierEvents as { nodes: unknown[]; pageInfo: { endCursor: string } }).pageInfo.endCursor,
    ).toBe(next.pageInfo.endCursor);
    expect(codes(await graph.query(changesQuery, { after: 'not-a-cursor' }, { token: officer }))).toEqual([
      'BAD_USER_INPUT',
    ]);
  });

  it('lets a citizen follow only their own dossiers, and no one without dossier:events', async () => {
    const citizen = applicants[11] as (typeof applicants)[number];
    const { code } = await submit('82', citizen);
    await submit('82', applicants[12]);
    const own = await graph.token({ sub: citizen.personalId, role: 'citizen', scope: '' });
    const seen = await allChanges('82', own);
    expect(seen.length).toBeGreaterThanOrEqual(1);
    expect(new Set(seen.map((c) => c.dossierCode))).toEqual(new Set([code]));
    const reader = await graph.token({ sub: 'reader', agency: '000.00.00.X82', scope: 'dossier:read' });
    expect(codes(await graph.query(changesQuery, {}, { token: reader }))).toEqual(['FORBIDDEN']);
    // Who applied goes only to dossier:read:all.
    const events = await graph.token({ sub: 'portal', scope: 'dossier:events' });
    const applicant = await graph.query(
      `{ dossierEvents(first: 1) { nodes { applicant { __typename } } } }`,
      {},
      { token: events },
    );
    expect(codes(applicant)).toContain('FORBIDDEN');
  });
});

describe('webhook delivery', () => {
  it('delivers every change signed per Standard Webhooks, verified by the library, in sequence, after 5 failures', async () => {
    const hook = await subscriber((n) => (n <= 5 ? 500 : 204));
    const secret = await register(`flaky-${Date.now()}`, hook.url, '75');
    const { code } = await submit('75');
    await move(code, 'RECEIVED', 1);
    await move(code, 'IN_PROGRESS', 2);
    const w = worker();
    await until(() => hook.accepted().length >= 3, 'three changes accepted');
    await w.stop();
    expect(hook.received.slice(0, 5).map((r) => r.status)).toEqual([500, 500, 500, 500, 500]);
    const verifier = new Webhook(secret);
    for (const r of hook.received) expect(() => verifier.verify(r.body, r.headers)).not.toThrow();
    // A tampered body fails the library's check.
    const tampered = hook.received[0] as { body: string; headers: Record<string, string> };
    expect(() => verifier.verify(tampered.body.replace('75', '01'), tampered.headers)).toThrow();
    const delivered = hook.accepted().map(dataOf);
    expect(delivered.map((d) => d.sequence)).toEqual([1, 2, 3]);
    // Retries carry the same webhook-id: the only duplicates are ones a subscriber drops by it.
    const ids = hook.received.map((r) => r.headers['webhook-id']);
    expect(new Set(ids).size).toBe(3);
    expect(hook.accepted().map((r) => r.headers['webhook-id'])).toEqual(delivered.map((d) => d.id));
  });

  it('gives up on a subscriber that does not answer within the timeout, tries again, and holds up no other', async () => {
    let slowCalls = 0;
    const slow = await subscriber(async () => {
      slowCalls += 1;
      if (slowCalls <= 2) await new Promise((resolve) => setTimeout(resolve, 1500));
      return 204;
    });
    const fast = await subscriber();
    const stamp = Date.now();
    await register(`slow-${stamp}`, slow.url, '68');
    await register(`fast-${stamp}`, fast.url, '68');
    for (let i = 0; i < 3; i += 1) await submit('68');
    const w = worker({ timeoutMs: 300 });
    await until(() => fast.accepted().length >= 3, 'the fast subscriber served');
    // The fast one had everything while the slow one was still timing out.
    expect(slow.accepted().length).toBeLessThan(3);
    await until(
      () => new Set(slow.accepted().map((r) => r.headers['webhook-id'])).size >= 3,
      'the slow one caught up',
    );
    await w.stop();
    expect(slowCalls).toBeGreaterThanOrEqual(5); // two timed out, three accepted
  });

  it('parks a change that is never accepted as a dead letter, goes on, and replays it on an operator’s word', async () => {
    let down = true;
    const hook = await subscriber(() => (down ? 503 : 204));
    const id = `dead-${Date.now()}`;
    await register(id, hook.url, '91');
    const { code } = await submit('91');
    const w = worker({ maxAgeMs: 100, retryBaseMs: 20 });
    const letters = async () =>
      (
        await graph.query(
          `query($s: ID) { webhookDeadLetters(subscriberId: $s) { id attempts lastError change { dossierCode sequence } } }`,
          { s: id },
          { token: operator },
        )
      ).data?.webhookDeadLetters as Array<{
        id: string;
        attempts: number;
        lastError: string;
        change: { dossierCode: string };
      }>;
    await until(async () => (await letters()).length === 1, 'a dead letter');
    const [letter] = await letters();
    expect(letter).toMatchObject({ lastError: 'HTTP 5xx', change: { dossierCode: code, sequence: 1 } });
    expect(letter?.attempts).toBeGreaterThanOrEqual(2);
    // Later changes are not held behind it.
    down = false;
    await move(code, 'RECEIVED', 1);
    await until(() => hook.accepted().length === 1, 'the next change delivered');
    await w.stop();
    expect(dataOf(hook.accepted()[0] as { body: string }).sequence).toBe(2);

    const replay = await graph.query(
      `mutation($id: ID!) { replayWebhookDeadLetter(id: $id) { delivered error } }`,
      { id: letter?.id },
      { token: operator },
    );
    expect(replay.data?.replayWebhookDeadLetter).toEqual({ delivered: true, error: null });
    expect(dataOf(hook.accepted()[1] as { body: string }).sequence).toBe(1);
    expect(await letters()).toEqual([]);
    const anyone = await graph.token({ sub: 'nosy', scope: 'dossier:read:all' });
    expect(
      codes(await graph.query(`{ webhookSubscribers { id secret: url } }`, {}, { token: anyone })),
    ).toEqual(['FORBIDDEN']);
  });

  it('loses nothing and keeps order when a worker dies mid-batch and another takes over', async () => {
    let hang = true;
    const hook = await subscriber(async (n) => {
      if (n === 3 && hang) await new Promise(() => undefined); // the dying worker's request: never answered
      return 204;
    });
    await register(`takeover-${Date.now()}`, hook.url, '92');
    const { code } = await submit('92');
    for (let v = 1; v <= 4; v += 1)
      await move(
        code,
        ['RECEIVED', 'IN_PROGRESS', 'SUPPLEMENT_REQUESTED', 'IN_PROGRESS'][v - 1] as string,
        v,
      );
    // The first worker holds the subscriber for 300 ms at a time, and hangs on the third change.
    const first = startWebhookWorker(db, {
      logger,
      pollMs: 20,
      timeoutMs: 60_000,
      leaseMs: 300,
      allowedHosts: ['127.0.0.1'],
    });
    await until(() => hook.received.length >= 2, 'two delivered by the first worker');
    await new Promise((resolve) => setTimeout(resolve, 100));
    hang = false;
    // It is gone, as if killed: it takes no more work, and its hung delivery never settles (its stop
    // waits for that, so is not awaited). A second worker takes over after the lease.
    void first.stop();
    const second = worker({ leaseMs: 300 });
    await until(
      () => new Set(hook.accepted().map((r) => dataOf(r).sequence)).size === 5,
      'all five delivered',
    );
    await second.stop();
    const sequences = hook.accepted().map((r) => dataOf(r).sequence);
    expect(sequences).toEqual([1, 2, 3, 4, 5]);
  });

  it('shares the subscribers between three workers running at once without delivering anything twice', async () => {
    const hooks = await Promise.all([subscriber(), subscriber(), subscriber()]);
    const stamp = Date.now();
    for (const [i, hook] of hooks.entries()) await register(`shared-${stamp}-${i}`, hook.url, '48');
    const codes: string[] = [];
    for (let i = 0; i < 5; i += 1) codes.push((await submit('48')).code);
    for (const code of codes) await move(code, 'RECEIVED', 1);
    const running = [worker({ concurrency: 2 }), worker({ concurrency: 2 }), worker({ concurrency: 2 })];
    await until(() => hooks.every((h) => h.received.length >= 10), 'ten changes at each subscriber');
    await new Promise((resolve) => setTimeout(resolve, 300)); // time for any second delivery to show
    await Promise.all(running.map((w) => w.stop()));
    for (const hook of hooks) {
      expect(hook.received.length).toBe(10);
      expect(new Set(hook.received.map((r) => r.headers['webhook-id'])).size).toBe(10);
    }
  });

  it(
    'delivers every event of 1,000 concurrent transitions over 100 dossiers, each dossier’s in sequence',
    async () => {
      const hook = await subscriber();
      await register(`bulk-${Date.now()}`, hook.url, '66');
      const dossiers: Array<{ code: string; version: number }> = [];
      for (let i = 0; i < 100; i += 1) dossiers.push(await submit('66', applicants[i % 50]));
      // Ten racing transitions per dossier from version 1: exactly one of each ten wins.
      const results = await Promise.all(
        dossiers.flatMap((d) => Array.from({ length: 10 }, () => move(d.code, 'RECEIVED', 1))),
      );
      expect(results.filter((r) => !r.errors).length).toBe(100);
      expect(results.filter((r) => codes(r)[0] === 'CONFLICT').length).toBe(900);
      const registry = new Registry();
      const w = worker({ registry, batch: 100 });
      await until(() => hook.accepted().length >= 200, '200 changes delivered', 3000);
      await w.stop();
      const byDossier = new Map<string, number[]>();
      for (const r of hook.accepted()) {
        const d = dataOf(r);
        byDossier.set(d.dossierCode, [...(byDossier.get(d.dossierCode) ?? []), d.sequence]);
      }
      expect(byDossier.size).toBe(100);
      for (const sequence of byDossier.values()) expect(sequence).toEqual([1, 2]);
      const metrics = await registry.metrics();
      expect(metrics).toMatch(/webhook_deliveries_total\{result="delivered"\} 200/);
      // #26 point 11: one series, however many subscribers anyone with webhook:manage registers.
      expect(metrics).toMatch(/^webhook_outbox_lag_seconds [\d.e+-]+$/m);
      expect(metrics).not.toMatch(/subscriber="/);
      // The published statistics count the dossiers the events tell of.
      const today = vietnamDate();
      const stats = await graph.query(
        `query($d: Date!) { dossierStatistics(from: $d, to: $d, provinceCode: "66") { total online suppressed } }`,
        { d: today },
      );
      // (Published for the whole month and rounded to a multiple of 5.)
      const submitted = (await allChanges('66')).filter((c) => c.kind === 'SUBMITTED');
      const month = today.slice(0, 7);
      const thisMonth = world.dossiers.dossiers.filter(
        (d) => d.provinceCode === '66' && vietnamDate(d.receivedAt as Date).startsWith(month),
      );
      expect(stats.data?.dossierStatistics).toEqual({
        total: roundCount(submitted.length + thisMonth.length),
        online: roundCount(submitted.length + thisMonth.filter((d) => d.channel === 'ONLINE').length),
        suppressed: false,
      });
    },
    slow(240_000),
  ); // 100 submissions and 1,000 racing transitions: over 60 s on a busy 2-core machine
});

// #26 points 5, 9 and 10: a feed taken over by id, a webhook aimed inside our network, dead subscribers
// holding every slot.
describe('webhook hardening', () => {
  const subscribersQuery = `{ webhookSubscribers { id url attempts lastError } }`;
  const subscriberRow = async (id: string) =>
    (
      (await graph.query(subscribersQuery, undefined, { token: operator })).data
        ?.webhookSubscribers as Array<{
        id: string;
        url: string;
        attempts: number;
        lastError: string | null;
      }>
    ).find((s) => s.id === id);

  it('keeps a subscriber’s URL and secret from another client that registers its id', async () => {
    const hook = await subscriber();
    const id = `owned-${Date.now()}`;
    await register(id, hook.url, '31');
    const other = await graph.token({ sub: 'sync-operator-2', scope: 'webhook:manage' });
    const intruder = await subscriber();
    const taken = await graph.query(
      `mutation($input: RegisterWebhookInput!) { registerWebhook(input: $input) { secret } }`,
      { input: { id, url: intruder.url } },
      { token: other },
    );
    expect(codes(taken)).toEqual(['FORBIDDEN']);
    expect(taken.errors?.[0]?.extensions?.reason).toBe('SUBSCRIBER_OF_ANOTHER_CLIENT');
    expect((await subscriberRow(id))?.url).toBe(hook.url);
    // Its own owner may still update it.
    await register(id, hook.url, '31');
  });

  it('refuses at delivery a destination that became internal, and says only that', async () => {
    const hook = await subscriber();
    const id = `rebound-${Date.now()}`;
    await register(id, hook.url, '33'); // allowed when registered (this graph allows 127.0.0.1)
    const { code } = await submit('33');
    await move(code, 'RECEIVED', 1);
    // The delivering worker is not told 127.0.0.1 is allowed: as if the name now pointed inside.
    const w = worker({ allowedHosts: [] });
    await until(async () => ((await subscriberRow(id))?.attempts ?? 0) > 0, 'a failed attempt');
    await w.stop();
    expect(hook.received).toHaveLength(0);
    expect((await subscriberRow(id))?.lastError).toBe('destination not allowed (an internal address)');
    const allowed = worker();
    await until(() => hook.accepted().length >= 2, 'both changes once allowed');
    await allowed.stop();
  });

  it('gives failing subscribers at most half the slots, so twelve that never answer starve no one', async () => {
    let open = 0;
    let counting = false;
    let most = 0;
    const hung: http.Server[] = [];
    for (let i = 0; i < 12; i += 1) {
      const server = http.createServer((req) => {
        open += 1;
        if (counting) most = Math.max(most, open);
        req.on('close', () => (open -= 1));
        // never answers
      });
      servers.push(server);
      hung.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    }
    const stamp = Date.now();
    for (const [i, server] of hung.entries())
      await register(
        `dead-${stamp}-${i}`,
        `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
        '37',
      );
    const healthy = await subscriber();
    await register(`alive-${stamp}`, healthy.url, '37');
    const w = worker({ concurrency: 8, timeoutMs: 300, retryBaseMs: 10 });
    const first = await submit('37');
    await until(() => healthy.accepted().length >= 1, 'the first change at the healthy subscriber');
    // Every dead subscriber has failed once: from now on they are the failing kind.
    await until(async () => {
      const rows = await Promise.all(hung.map((_, i) => subscriberRow(`dead-${stamp}-${i}`)));
      return rows.every((r) => (r?.attempts ?? 0) > 0);
    }, 'each dead subscriber failed once');
    counting = true;
    most = open;
    await move(first.code, 'RECEIVED', 1);
    for (let i = 0; i < 3; i += 1) await submit('37');
    await until(() => healthy.accepted().length >= 5, 'five changes at the healthy subscriber');
    await w.stop();
    for (const server of hung) server.closeAllConnections();
    expect(most).toBeGreaterThan(0);
    expect(most).toBeLessThanOrEqual(4);
  });
});

describe('change ids across deployments', () => {
  it('names a database emptied and filled anew with a new epoch, so its ids do not repeat the old ones', async () => {
    const handle = await openTestDb('dossiers');
    try {
      const before = await readOutboxEpoch(handle.db);
      expect(await readOutboxEpoch(handle.db)).toBe(before); // kept while the database is
      // What `npm run seed -- --reset` does: every table of the schema emptied, the epoch's too.
      await handle.db.execute(sql`truncate table dossiers.outbox_epoch`);
      const after = await readOutboxEpoch(handle.db);
      expect(before).toMatch(/^[0-9a-f]{12}$/);
      expect(after).toMatch(/^[0-9a-f]{12}$/);
      expect(after).not.toBe(before);
    } finally {
      await handle.close();
    }
  });
});

// #26 point 26: WEBHOOK_SUBSCRIBERS_FILE was promised in the docs and never tested.
describe('subscribers an operator lists in WEBHOOK_SUBSCRIBERS_FILE', () => {
  it('are registered at start and delivered to, signed with the file’s secret', async () => {
    const hook = await subscriber();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'subscribers-file-'));
    const secret = `whsec_${Buffer.from('a file secret of 32 bytes, fine!').toString('base64')}`;
    const id = `from-file-${Date.now()}`;
    const file = path.join(dir, 'subscribers.json');
    writeFileSync(
      file,
      JSON.stringify([{ id, url: hook.url, secret, provinceCode: '38', fromBeginning: false }]),
    );
    const sync = await startStatusSync(
      db,
      loadEnv({ DATA_DIR: dir, WEBHOOK_SUBSCRIBERS_FILE: file, WEBHOOK_ALLOWED_HOSTS: '127.0.0.1' }),
      logger,
    );
    try {
      const listed = await graph.query(`{ webhookSubscribers { id url } }`, undefined, { token: operator });
      expect(
        (listed.data?.webhookSubscribers as Array<{ id: string; url: string }>).find((s) => s.id === id),
      ).toEqual({
        id,
        url: hook.url,
      });
      await submit('38');
      await until(() => hook.accepted().length >= 1, 'a change at the file’s subscriber');
      const [first] = hook.accepted();
      expect(() => new Webhook(secret).verify(first?.body ?? '', first?.headers ?? {})).not.toThrow();
    } finally {
      await sync.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// #31 point 3 (the retention job): delivered changes older than the setting go, in batches; never one a
// subscriber has not acknowledged, nor one a dead letter still holds.
describe('the outbox retention', () => {
  it('deletes old delivered changes in batches, and keeps undelivered and dead-lettered ones', async () => {
    const handle = await openTestDb('dossiers');
    try {
      const old = new Date(Date.now() - 40 * 86_400_000);
      const change = (dossierCode: string, at: Date) => ({
        dossierCode,
        sequence: 1,
        kind: 'SUBMITTED' as const,
        status: 'SUBMITTED' as const,
        at,
        agencyCode: '000.00.00.H29',
        provinceCode: '79',
        procedureCode: '1.000656',
        channel: 'ONLINE' as const,
        dueAt: at,
        feeAmountDue: '0',
        feePaid: false,
      });
      const ids = (
        await handle.db
          .insert(dossierOutbox)
          .values([
            ...['a', 'b', 'c', 'd', 'e', 'f'].map((c) => change(`old-${c}`, old)),
            change('recent', new Date()),
          ])
          .returning({ id: dossierOutbox.id })
      ).map((r) => r.id);
      const [first, second, , , fifth] = ids as [number, number, number, number, number];
      // One subscriber has acknowledged the first four; a dead letter holds the second.
      await handle.db.insert(webhookSubscribers).values({
        id: 'retention-test',
        url: 'https://203.0.114.1/hook',
        secret: 'whsec_x',
        createdBy: 'test',
        delivered: ids[3] as number,
      });
      await handle.db
        .insert(webhookDeadLetters)
        .values({ subscriberId: 'retention-test', eventId: second, attempts: 3, parkedAt: new Date() });
      const deleted = await pruneOutbox(handle.db, {
        olderThan: new Date(Date.now() - 30 * 86_400_000),
        batch: 2,
      });
      const left = (await handle.db.select({ id: dossierOutbox.id }).from(dossierOutbox)).map((r) => r.id);
      expect(deleted).toBe(3);
      expect(left).not.toContain(first);
      expect(left).toContain(second); // a dead letter's
      expect(left).toContain(fifth); // not yet acknowledged
      expect(left).toContain(ids[6]); // recent
      // Nothing more to do: a second run deletes nothing.
      expect(await pruneOutbox(handle.db, { olderThan: new Date(Date.now() - 30 * 86_400_000) })).toBe(0);
    } finally {
      await handle.close();
    }
  });
});
