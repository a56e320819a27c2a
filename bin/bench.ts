import autocannon from 'autocannon';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { tokenAudience } from '../runtime/devKey.ts';
import { loadEnv, projectRoot } from '../runtime/env.ts';
import { subgraphNames } from '../runtime/subgraphNames.ts';
import type { ChildProcess } from 'node:child_process';
import { freePort } from '../test/support/freePort.ts';
import { scenarios, type Scenario, type SampleData } from '../test/bench/scenarios.ts';

// `npm run bench [-- --small] [--duration 10] [--rounds 3] [--connections 32] [--targets gateway,uncached,hive,bound]`
// Seeds the local PostgreSQL when needed (1M citizens, 100k businesses, 1M dossiers; --small: a tenth),
// starts the four subgraphs, our gateway, Hive Gateway and the no-federation bound, loads each with
// autocannon on loopback, and prints req/s, p50, p99, SQL statements per request and server RSS.
const { values } = parseArgs({
  options: {
    small: { type: 'boolean', default: false },
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '32' },
    targets: { type: 'string', default: 'gateway,uncached,hive,bound' },
    scenarios: { type: 'string', default: scenarios.map((s) => s.name).join(',') },
    profile: { type: 'string' },
    'skip-lost': { type: 'boolean', default: false },
    // Hive Gateway with its default in-flight deduplication (see hiveGateway.ts: it breaks the audit rule).
    'hive-deduplicate': { type: 'boolean', default: false },
  },
});
const size = values.small
  ? { citizens: 100_000, businesses: 10_000, dossiers: 100_000, procedures: 500 }
  : { citizens: 1_000_000, businesses: 100_000, dossiers: 1_000_000, procedures: 1000 };
const duration = Number(values.duration);
const rounds = Math.max(1, Number(values.rounds));
const connections = Number(values.connections);
// uncached: our gateway with the public catalogue cache off (PUBLIC_CACHE_TTL_MS=0), to show its share.
const targets = values.targets.split(',') as Array<'gateway' | 'uncached' | 'hive' | 'bound'>;
const chosen = scenarios.filter((s) => values.scenarios.split(',').includes(s.name));

const databaseUrl = loadEnv().benchDatabaseUrl;
const contextSecret = 'bench-context-secret-0123456789abcdef0123456789';
const benchIssuer = 'urn:vn-data-sharing-gateway:bench-issuer';
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'bench-'));
const log = (...parts: unknown[]) => console.error('[bench]', ...parts);

interface Service {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

/**
 * Starts an entry file on the given port with logging at warn (one log line per request would load
 * the machine being measured) and waits until /health answers.
 */
async function startQuiet(
  entry: string,
  args: string[],
  env: Record<string, string>,
  port: number,
  urlPath: string,
): Promise<Service> {
  // `--profile <dir>`: each process writes a V8 CPU profile there when it exits (open in Chrome DevTools).
  const profile = values.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(values.profile)}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', entry, ...args], {
    cwd: projectRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 250) {
    if (child.exitCode !== null) throw new Error(`${entry} ${args.join(' ')} exited with ${child.exitCode}`);
    const up = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (waited > 300_000) throw new Error(`${entry} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url: `${base}${urlPath}`,
    process: child,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

async function ensureSeeded() {
  const admin = new URL(databaseUrl);
  const database = admin.pathname.slice(1);
  admin.pathname = '/postgres';
  const server = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  if (!(await server`select 1 from pg_database where datname = ${database}`).length)
    await server.unsafe(`create database "${database}"`);
  await server.end();
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const counts = await sql`
    select (select count(*) from population.citizens)::int as citizens,
           (select count(*) from dossiers.dossiers)::int as dossiers`.catch(() => [
    { citizens: 0, dossiers: 0 },
  ]);
  await sql.end();
  const have = counts[0] as { citizens: number; dossiers: number };
  if (have.citizens === size.citizens && have.dossiers >= size.dossiers)
    return log(`database already seeded`, have);
  log(`seeding ${JSON.stringify(size)} (npm run seed)`);
  const args = ['--import', 'tsx', 'bin/seed.ts', '--reset'];
  for (const [key, value] of Object.entries(size)) args.push(`--${key}`, String(value));
  const code = await new Promise<number | null>((resolve) =>
    spawn(process.execPath, args, {
      cwd: projectRoot,
      env: { ...process.env, DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'ignore', 'inherit'],
    }).on('exit', resolve),
  );
  if (code !== 0) throw new Error(`seeding failed (${code})`);
}

async function sampleData(): Promise<SampleData> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const heads = await sql<Array<{ id: string }>>`
    select h.head_id as id from population.households h
    where (select count(*) from population.citizens c where c.household_id = h.id) >= 3 limit 2000`;
  const agencies = await sql<Array<{ code: string }>>`
    select agency_code as code from dossiers.dossiers group by agency_code having count(*) >= 50`;
  const adults = await sql<Array<{ id: string }>>`
    select personal_id as id from population.citizens
    where death_date is null and birth_date < '2000-01-01' limit 5000`;
  const online = await sql<Array<{ code: string }>>`
    select code from procedures.procedures where online_service <> 'NONE' and code not like '%.H%' limit 20`.catch(
    () => [] as Array<{ code: string }>,
  );
  await sql.end();
  return {
    heads: heads.map((r) => r.id),
    agencies: agencies.map((r) => r.code),
    adults: adults.map((r) => r.id),
    onlineProcedures: online.map((r) => r.code),
  };
}

/** The largest resident set of a process while `work` runs, in MiB (from /proc). */
async function peakRss<T>(pid: number, work: Promise<T>): Promise<[T, number]> {
  let peak = 0;
  const sample = () => {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      peak = Math.max(peak, kb / 1024);
    } catch {
      // the process is gone
    }
  };
  const timer = setInterval(sample, 250);
  try {
    const result = await work;
    sample();
    return [result, peak];
  } finally {
    clearInterval(timer);
  }
}

/** CPU time a process has used so far, in milliseconds (utime + stime from /proc; 0 once it is gone). */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100; // clock ticks of 1/100 s
  } catch {
    return 0;
  }
}

/** CPU time the whole machine has been busy so far, in milliseconds (every core, from /proc/stat). */
function machineBusyMs(): number {
  // cpu  user nice system idle iowait irq softirq steal ...: everything but idle and iowait
  const ticks = (/^cpu\s+(.*)$/m.exec(readFileSync('/proc/stat', 'utf8'))?.[1] ?? '')
    .split(/\s+/)
    .map(Number);
  const busy = [0, 1, 2, 5, 6, 7].reduce((total, i) => total + (ticks[i] ?? 0), 0);
  return (busy * 1000) / 100;
}

/**
 * What the servers have done so far, from their /metrics: SQL statements run (db_statements_total),
 * GraphQL operations served and GraphQL errors answered.
 */
async function countersSoFar(services: Service[]) {
  const sum = (text: string, pattern: RegExp) =>
    [...text.matchAll(pattern)].reduce((total, match) => total + Number(match[1]), 0);
  const totals = { statements: 0, operations: 0, errors: 0, each: [] as number[] };
  for (const service of services) {
    const text = await (await fetch(new URL('/metrics', service.url))).text();
    totals.statements += sum(text, /^db_statements_total\{[^}]*\} (\d+(?:\.\d+)?)/gm);
    const operations = sum(text, /^graphql_request_duration_seconds_count\{[^}]*\} (\d+)/gm);
    totals.operations += operations;
    totals.each.push(operations);
    totals.errors += sum(text, /^graphql_errors_total\{[^}]*\} (\d+)/gm);
  }
  return totals;
}

interface Row {
  scenario: string;
  target: string;
  rps: number;
  p50: number;
  p99: number;
  statements: number;
  rssMiB: number;
  non2xx: number;
  /** req/s of every round, lowest first (the row is the median one). */
  rounds?: number[];
  /** CPU milliseconds per request: the target process, the subgraph processes, the whole machine. */
  cpu: { server: number; subgraphs: number; machine: number };
}

async function main() {
  await ensureSeeded();
  const data = await sampleData();
  log(
    `sample: ${data.heads.length} households, ${data.agencies.length} agencies, ${data.adults.length} adults`,
  );
  const gatewayPort = await freePort();
  // Production mode, as deployed (graphql-js's fast paths, no introspection): tokens come from an
  // issuer key made for this run, as they would from the real issuer.
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwksFile = path.join(dataDir, 'jwks.json');
  writeFileSync(
    jwksFile,
    JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), alg: 'ES256', kid: 'bench' }] }),
  );
  const sign = (claims: { sub: string; agency?: string; scope: string }) =>
    new SignJWT({ agency: claims.agency ?? '', scope: claims.scope, role: 'client' })
      .setProtectedHeader({ alg: 'ES256', kid: 'bench' })
      .setSubject(claims.sub)
      .setIssuer(benchIssuer)
      .setAudience(tokenAudience)
      .setIssuedAt()
      .setExpirationTime('6h')
      .sign(privateKey);
  const common = {
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    JWT_JWKS_FILE: jwksFile,
    JWT_ISSUER: benchIssuer,
    GATEWAY_CONTEXT_SECRET: contextSecret,
    GATEWAY_URL: `http://127.0.0.1:${gatewayPort}/`,
    DOSSIERS_SERVICE_TOKEN: await sign({
      sub: 'svc-dossiers',
      scope: 'citizen:basic citizen:full business:read',
    }),
    DRAIN_DELAY_MS: '0',
  };
  const ports = await Promise.all(subgraphNames.map(() => freePort()));
  const subgraphs = await Promise.all(
    subgraphNames.map((name, i) =>
      startQuiet(
        'bin/subgraph.ts',
        [name],
        { ...common, [`${name.toUpperCase()}_PORT`]: String(ports[i]) },
        ports[i] as number,
        '/graphql',
      ),
    ),
  );
  const subgraphUrls = Object.fromEntries(
    subgraphNames.map((name, i) => [`${name.toUpperCase()}_URL`, subgraphs[i]?.url ?? '']),
  );
  const servers: Record<string, Service> = {
    gateway: await startQuiet(
      'bin/gateway.ts',
      [],
      { ...common, ...subgraphUrls, GATEWAY_PORT: String(gatewayPort) },
      gatewayPort,
      '/',
    ),
  };
  if (targets.includes('uncached')) {
    const port = await freePort();
    servers.uncached = await startQuiet(
      'bin/gateway.ts',
      [],
      { ...common, ...subgraphUrls, GATEWAY_PORT: String(port), PUBLIC_CACHE_TTL_MS: '0' },
      port,
      '/',
    );
  }
  if (targets.includes('hive')) {
    const port = await freePort();
    servers.hive = await startQuiet(
      'test/bench/hiveGateway.ts',
      [String(port), ...(values['hive-deduplicate'] ? ['--deduplicate'] : [])],
      { ...common, ...subgraphUrls },
      port,
      '/',
    );
  }
  if (targets.includes('bound')) {
    const port = await freePort();
    servers.bound = await startQuiet('test/bench/boundServer.ts', [String(port)], common, port, '/');
  }

  const token = await sign({
    sub: 'bench-client',
    agency: '000.00.00.H79',
    scope: 'citizen:basic citizen:full business:read dossier:read:all dossier:write',
  });
  const rows: Row[] = [];
  try {
    // Every target warms every scenario before anything is measured: the subgraphs are shared, and
    // the first target loaded would otherwise pay their JIT and PostgreSQL's cold buffers alone.
    for (const scenario of chosen)
      for (const target of targets) {
        const server = servers[target];
        if (server) await measure(scenario, target, server, subgraphs, token, data, 0);
      }
    // Two shared cores are noisy: each scenario is measured in `rounds` rounds, the targets taking
    // turns in a different order each round, and each target's median round by req/s is reported.
    for (const scenario of chosen) {
      const runs = new Map<string, Row[]>();
      for (let round = 0; round < rounds; round += 1) {
        const order = targets.map((_, i) => targets[(i + round) % targets.length] as string);
        for (const target of order) {
          const server = servers[target];
          const row = server && (await measure(scenario, target, server, subgraphs, token, data, duration));
          if (row) runs.set(target, [...(runs.get(target) ?? []), row]);
        }
      }
      for (const target of targets) {
        const sorted = [...(runs.get(target) ?? [])].sort((a, b) => a.rps - b.rps);
        const median = sorted[Math.floor((sorted.length - 1) / 2)];
        if (median) rows.push({ ...median, rounds: sorted.map((r) => Math.round(r.rps)) });
      }
    }
    const lost = values['skip-lost'] ? null : await nothingLost(servers.gateway as Service, token, data);
    report(rows, lost);
  } finally {
    await Promise.all([...Object.values(servers), ...subgraphs].map((s) => s.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Numbers the requests of the whole run: each round and warm-up goes on where the last stopped, so a
 * submission never repeats an earlier idempotency key (a repeat is answered from the first, cheaply).
 */
let sequence = 0;

/** Warms the target with the scenario, then (seconds > 0) measures it for that long. */
async function measure(
  scenario: Scenario,
  target: string,
  server: Service,
  subgraphs: Service[],
  token: string,
  data: SampleData,
  seconds: number,
): Promise<Row | null> {
  const headers = {
    'content-type': 'application/json',
    authorization: `Bearer ${token}`,
    'x-purpose': 'Benchmark',
  };
  // One request first: a scenario that errors measures nothing.
  const probe = (await (
    await fetch(server.url, { method: 'POST', headers, body: scenario.body(data, 0, target) })
  ).json()) as { errors?: unknown[] };
  if (probe.errors?.length)
    throw new Error(`${scenario.name} on ${target}: ${JSON.stringify(probe.errors).slice(0, 500)}`);
  const load = (seconds: number) =>
    autocannon({
      url: server.url,
      connections,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          headers,
          setupRequest: (req) => ({ ...req, body: scenario.body(data, (sequence += 1), target) }),
        },
      ],
    });
  if (seconds <= 0) {
    await load(4); // JIT, caches, connection pools
    return null;
  }
  await load(2); // caches and pools again, after the other targets' runs
  const before = await countersSoFar(target === 'bound' ? [server] : subgraphs);
  const subgraphCpu = () => (target === 'bound' ? [] : subgraphs.map((s) => cpuMs(s.process.pid ?? 0)));
  const cpuBefore = {
    server: cpuMs(server.process.pid ?? 0),
    subgraphs: subgraphCpu(),
    machine: machineBusyMs(),
  };
  const [result, rssMiB] = await peakRss(server.process.pid ?? 0, load(seconds));
  const cpuAfter = {
    server: cpuMs(server.process.pid ?? 0),
    subgraphs: subgraphCpu(),
    machine: machineBusyMs(),
  };
  const after = await countersSoFar(target === 'bound' ? [server] : subgraphs);
  const total = result.requests.total || 1;
  const row: Row = {
    scenario: scenario.name,
    target,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statements: (after.statements - before.statements) / total,
    rssMiB,
    non2xx: result.non2xx + result.errors + result.timeouts,
    cpu: {
      server: (cpuAfter.server - cpuBefore.server) / total,
      subgraphs: cpuAfter.subgraphs.reduce((t, ms, i) => t + ms - (cpuBefore.subgraphs[i] ?? 0), 0) / total,
      machine: (cpuAfter.machine - cpuBefore.machine) / total,
    },
  };
  // Where the subgraphs' share goes, subgraph by subgraph (for the log; the table sums it).
  const bySubgraph = Object.fromEntries(
    cpuAfter.subgraphs.map((ms, i) => [
      subgraphNames[i],
      ((ms - (cpuBefore.subgraphs[i] ?? 0)) / total).toFixed(2),
    ]),
  );
  // Operations the subgraphs served per request, and GraphQL errors they answered (should be 0).
  const subgraphOperations = after.each
    .map((n, i) => ((n - (before.each[i] ?? 0)) / total).toFixed(2))
    .join(' ');
  const subgraphErrors = after.errors - before.errors;
  log(JSON.stringify({ ...row, bySubgraph, subgraphOperations, subgraphErrors }));
  return row;
}

/** Concurrent submissions and reads through our gateway: every one must leave exactly its rows. */
async function nothingLost(gateway: Service, token: string, data: SampleData) {
  const sql = postgres(databaseUrl, { max: 2, onnotice: () => {} });
  const run = `lost-${Date.now()}`;
  const headers = {
    'content-type': 'application/json',
    authorization: `Bearer ${token}`,
    'x-purpose': 'Benchmark',
  };
  const submit = (i: number) =>
    fetch(gateway.url, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        query: 'mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { code } }',
        variables: {
          input: {
            procedureCode: data.onlineProcedures[i % data.onlineProcedures.length],
            applicant: { personalId: data.adults[i % data.adults.length] },
            channel: 'ONLINE',
            provinceCode: '79',
            idempotencyKey: `${run}-${i}`,
          },
        },
      }),
    }).then(async (r) => ({ status: r.status, body: (await r.json()) as { errors?: unknown[] } }));
  const submissions = await Promise.all(Array.from({ length: 1000 }, (_, i) => submit(i)));
  const statuses = new Map<number, number>();
  for (const s of submissions) statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1);
  const failed = submissions.filter((s) => s.status !== 200 || s.body.errors?.length);
  if (failed.length)
    log('submission statuses', [...statuses], 'first failure:', JSON.stringify(failed[0]).slice(0, 600));
  // A client that got no answer resends with the same key (that is what the key is for).
  // A client that got no answer resends with the same key (that is what the key is for), up to 3 times.
  const answer = [...submissions];
  let rounds = 0;
  for (; rounds < 3; rounds += 1) {
    const toResend = answer.flatMap((s, i) => (s.status !== 200 || s.body.errors?.length ? [i] : []));
    if (!toResend.length) break;
    while (toResend.length) {
      const chunk = toResend.splice(0, 50);
      const again = await Promise.all(chunk.map((i) => submit(i)));
      chunk.forEach((i, k) => (answer[i] = again[k] as (typeof answer)[number]));
    }
  }
  const stillFailing = answer.filter((s) => s.status !== 200 || s.body.errors?.length).length;
  const [dossierCount] = await sql<Array<{ n: number; first: number }>>`
    select count(*)::int as n,
      (select count(*)::int from dossiers.dossier_events e where e.from_status is null and e.dossier_code in
        (select dossier_code from dossiers.dossier_submissions where idempotency_key like ${`${run}-%`})) as first
    from dossiers.dossier_submissions where idempotency_key like ${`${run}-%`}`;

  // 10,000 reads, 100 at a time, each counted by its answer; the log is counted for this client only.
  const accessCount = async () =>
    (
      await sql<Array<{ n: number }>>`
        select count(*)::int as n from population.access_records where client_id = 'bench-client'`
    )[0]?.n ?? 0;
  const accessBefore = await accessCount();
  let next = 0;
  let readOk = 0;
  let read5xx = 0;
  await Promise.all(
    Array.from({ length: 100 }, async () => {
      while (next < 10_000) {
        next += 1;
        const response = await fetch(gateway.url, {
          method: 'POST',
          headers,
          body: JSON.stringify({
            query: 'query($id: PersonalId!) { citizen(personalId: $id) { fullName } }',
            variables: { id: data.adults[next % data.adults.length] },
          }),
        });
        const body = (await response.json()) as { data?: { citizen?: { fullName?: string } } };
        if (response.status >= 500) read5xx += 1;
        else if (body.data?.citizen?.fullName) readOk += 1;
      }
    }),
  );
  const accessAfter = await accessCount();
  await sql.end();
  return {
    submissions: submissions.length,
    submissionErrors: failed.length,
    stillFailing,
    rounds,
    dossiers: dossierCount?.n ?? 0,
    firstHistoryRows: dossierCount?.first ?? 0,
    reads: readOk,
    read5xx,
    accessRecords: accessAfter - accessBefore,
  };
}

function report(rows: Row[], lost: Awaited<ReturnType<typeof nothingLost>> | null) {
  const f = (n: number, digits = 0) =>
    n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const lines = [
    `# Benchmark: ${f(size.citizens)} citizens, ${f(size.businesses)} businesses, ${f(size.dossiers)} dossiers; ${connections} connections, ${duration} s per run, median of ${rounds} round(s), ${os.cpus().length} cores`,
    '',
    '| scenario | target | req/s | p50 ms | p99 ms | SQL/request | RSS MiB | non-2xx | CPU ms/req: server | subgraphs | machine | req/s of each round |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.target} | ${f(r.rps, 1)} | ${f(r.p50, 1)} | ${f(r.p99, 1)} | ${f(r.statements, 2)} | ${f(r.rssMiB)} | ${r.non2xx} | ${f(r.cpu.server, 2)} | ${f(r.cpu.subgraphs, 2)} | ${f(r.cpu.machine, 2)} | ${(r.rounds ?? []).join(', ')} |`,
    ),
    '',
    lost
      ? `Nothing lost: ${lost.submissions} concurrent submissions → ${lost.dossiers} dossiers, ${lost.firstHistoryRows} first history rows, ${lost.submissionErrors} unanswered at first, ${lost.stillFailing} still unanswered after ${lost.rounds} round(s) of resending with the same key; ${f(lost.reads)} of 10,000 citizen reads answered (100 at a time) → ${f(lost.accessRecords)} access records, ${lost.read5xx} non-2xx.`
      : 'Nothing lost: not checked (--skip-lost).',
  ];
  const worklist = (target: string) => rows.find((r) => r.scenario === 'worklist' && r.target === target);
  const ours = worklist('gateway');
  const ratio = (a?: number, b?: number) => (a && b ? (a / b).toFixed(2) : 'n/a');
  const uncached = worklist('uncached');
  if (uncached)
    lines.push(
      '',
      `Without the public catalogue cache (PUBLIC_CACHE_TTL_MS=0): worklist uncached/hive=${ratio(uncached.rps, worklist('hive')?.rps)} uncached/bound=${ratio(uncached.rps, worklist('bound')?.rps)} p99/p50=${ratio(uncached.p99, uncached.p50)}`,
    );
  lines.push(
    '',
    `bench: worklist gateway/hive=${ratio(ours?.rps, worklist('hive')?.rps)} gateway/bound=${ratio(ours?.rps, worklist('bound')?.rps)} p99/p50=${ratio(ours?.p99, ours?.p50)}`,
  );
  const text = lines.join('\n');
  mkdirSync(path.join(projectRoot, 'test-output'), { recursive: true });
  writeFileSync(path.join(projectRoot, 'test-output/bench.md'), `${text}\n`);
  console.log(text);
}

await main();
