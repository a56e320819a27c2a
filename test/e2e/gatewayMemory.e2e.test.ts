import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { operationLimits } from '../../gateway/operationLimits.ts';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/freePort.ts';
import { slow } from '../support/slow.ts';
import { spawnService, type Service } from '../support/spawnService.ts';
import { spawnSubgraphs } from '../support/spawnSubgraphs.ts';

// #26 point 6: 1,250 anonymous requests, each a 200,000-character string literal, took the gateway
// from 221 MB to 862 MB of RSS and kept it there: the document cache held each whole source. The
// gateway as users run it, with the anonymous request limit raised so that every request is served.
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gateway-memory-'));
let subgraphs: Record<string, Service> = {};
let gateway: Service | undefined;

beforeAll(async () => {
  const limitsFile = path.join(dataDir, 'client-limits.json');
  writeFileSync(limitsFile, JSON.stringify({ defaults: { anonymous: { requestsPerMinute: 100_000 } } }));
  const port = await freePort();
  subgraphs = await spawnSubgraphs(dataDir, { GATEWAY_URL: `http://127.0.0.1:${port}/` });
  gateway = await spawnService(
    'bin/gateway.ts',
    [],
    {
      DATA_DIR: dataDir,
      GATEWAY_PORT: String(port),
      CLIENT_LIMITS_FILE: limitsFile,
      ...Object.fromEntries(Object.entries(subgraphs).map(([n, s]) => [`${n.toUpperCase()}_URL`, s.url])),
    },
    'gateway listening',
  );
}, slow(300_000));

afterAll(async () => {
  await Promise.all([gateway, ...Object.values(subgraphs)].map((s) => s?.stop()));
  rmSync(dataDir, { recursive: true, force: true });
});

/** The gateway process's resident set, in MB, from /proc. */
function rssMb(): number {
  const status = readFileSync(`/proc/${gateway?.process.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
}

async function post(query: string) {
  const response = await fetch(gateway?.url ?? '', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: (await response.json()) as { errors?: any[] } };
}

/** `count` requests, `parallel` at a time, each the query made for its index; answers each status and code. */
async function flood(count: number, parallel: number, queryOf: (i: number) => string) {
  const outcomes: string[] = [];
  for (let i = 0; i < count; i += parallel) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(parallel, count - i) }, (_, k) => post(queryOf(i + k))),
    );
    for (const r of batch) outcomes.push(`${r.status} ${r.body.errors?.[0]?.extensions?.code ?? 'data'}`);
  }
  return outcomes;
}

const tally = (outcomes: string[]) =>
  outcomes.reduce<Record<string, number>>((t, o) => ({ ...t, [o]: (t[o] ?? 0) + 1 }), {});

describe('the gateway’s memory under anonymous floods of large documents', () => {
  it(
    'refuses 2,000 requests of a 200,000-character literal before parsing, and its RSS stays within 50 MB',
    async () => {
      await flood(100, 25, (i) => `{ procedures(search: "warm-up ${i}") { totalCount } }`);
      const before = rssMb();
      const attack = await flood(
        2000,
        25,
        (i) => `{ procedures(search: "${'a'.repeat(200_000)}${i}") { totalCount } }`,
      );
      expect(tally(attack)).toEqual({ '400 LIMIT_EXCEEDED': 2000 });
      const after = rssMb();
      expect(after - before, `RSS ${before.toFixed(0)} MB → ${after.toFixed(0)} MB`).toBeLessThan(50);
      // An operation text past the limit is refused the same way, and an ordinary one still served.
      const long = await post(`{ ${'__typename '.repeat(4000)}}`);
      expect([long.status, long.body.errors?.[0]?.extensions?.code]).toEqual([400, 'LIMIT_EXCEEDED']);
      const ordinary = await post('{ procedures(first: 1) { totalCount } }');
      expect([ordinary.status, ordinary.body.errors]).toEqual([200, undefined]);
    },
    slow(600_000),
  );
});

// #26 point 15: 800 connections trickling a body at a byte every 5 s were all held for 25 s and more.
describe('the gateway’s connections under slow and many clients', () => {
  const target = () => new URL(gateway?.url ?? '');

  it(
    'answers a body that trickles in 408 and closes it, before the client finishes',
    async () => {
      const socket = net.connect(Number(target().port), target().hostname);
      await new Promise((resolve) => socket.once('connect', resolve));
      let answer = '';
      let closed = false;
      socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
      socket.on('close', () => (closed = true));
      socket.on('error', () => undefined);
      socket.write(
        'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n',
      );
      // A byte a second for up to 90 s: far longer than a request may take to arrive.
      for (let i = 0; i < 90 && !closed; i += 1) {
        socket.write('x');
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
      expect(closed).toBe(true);
      expect(answer).toMatch(/^HTTP\/1\.1 408/);
      socket.destroy();
    },
    slow(180_000),
  );

  it(`holds at most ${operationLimits.connectionsPerAddress} connections from one address, and serves again once they close`, async () => {
    const sockets: net.Socket[] = [];
    let refused = 0;
    for (let i = 0; i < operationLimits.connectionsPerAddress + 40; i += 1) {
      const socket = net.connect(Number(target().port), target().hostname);
      socket.on('error', () => undefined);
      socket.on('close', () => (refused += 1));
      sockets.push(socket);
    }
    await Promise.all(
      sockets.map(
        (s) =>
          new Promise((resolve) =>
            s.connecting ? s.once('connect', resolve).once('close', resolve) : resolve(null),
          ),
      ),
    );
    for (let i = 0; i < 100 && refused < 40; i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(refused).toBe(40);
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const ordinary = await post('{ procedures(first: 1) { totalCount } }');
    expect(ordinary.status).toBe(200);
  });
});
