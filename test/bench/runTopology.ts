import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import postgres from 'postgres';
import { subgraphNames, type SubgraphName } from '../../runtime/subgraphNames.ts';
import { demoSize, generateWorld } from '../../seed/generateWorld.ts';
import { freePort } from '../support/freePort.ts';
import { log, type BenchConfig, type Service } from './benchConfig.ts';
import { benchEnvironment, benchHeaders } from './benchEnvironment.ts';
import { loadEnv } from '../../runtime/env.ts';
import { createDb } from '../../subgraphs/kit/createDb.ts';
import { accessLogWitnessFile, loadAccessLogPublicKey } from '../../subgraphs/population/accessLogKeys.ts';
import { fileWitness } from '../../subgraphs/population/checkpointWitness.ts';
import { verifyAccessLog } from '../../subgraphs/population/verifyAccessLog.ts';
import { startQuiet } from './startQuiet.ts';

type Part = 'gateway' | SubgraphName;

/** One process slot behind HAProxy: a server line of its part's backend, on its own port. */
interface Slot {
  part: Part;
  server: string;
  port: number;
  service?: Service;
}

/** Whether HAProxy is here (Debian's package; `.ci/run` does not need it, `bench:topology` does). */
export const haproxyMissing = () =>
  spawnSync('haproxy', ['-v'], { encoding: 'utf8' }).status === 0
    ? null
    : 'haproxy is not installed (apt-get install haproxy)';

/**
 * `npm run bench:topology`: the deployment of docs/deployment.md on one machine, with real parts. HAProxy
 * in front of two gateway replicas and of every subgraph (two population replicas; one of each other,
 * with a spare slot for its replacement during a restart), each subgraph on its own PostgreSQL database,
 * the gateways' limits in the shared Redis. Under a steady load of citizen lookups and submissions it
 * restarts every process one at a time (SIGTERM, drain, start, wait until HAProxy sees it up), then
 * `kill -9`s one gateway replica and one population replica. Clients resend a failed request with the
 * same request id and idempotency key; at the end every dossier and access record is counted.
 */
export async function runTopology(config: BenchConfig & { seconds: number; workers: number }) {
  const missing = haproxyMissing();
  if (missing) throw new Error(missing);
  const { dataDir } = config;
  const run = `topo-${Date.now().toString(36)}`;
  const { env: benchEnv, token } = await benchEnvironment(config);
  // Each subgraph on a database of its own, made fresh for the run.
  const admin = postgres(config.databaseUrl.replace(/\/[^/]*$/, '/postgres'), { max: 1, onnotice: () => {} });
  const databaseOf = (part: SubgraphName) => config.databaseUrl.replace(/\/[^/]*$/, `/topology_${part}`);
  for (const part of subgraphNames) {
    await admin.unsafe(`drop database if exists topology_${part} with (force)`);
    await admin.unsafe(`create database topology_${part}`);
  }
  await admin.end();
  const redis = await new Promise<boolean>((resolve) => {
    const socket = net.connect(6379, '127.0.0.1', () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
  if (!redis)
    log('*** Redis is not running at 127.0.0.1:6379: each gateway counts limits in its own memory ***');

  const front: Record<Part, number> = Object.fromEntries(
    await Promise.all((['gateway', ...subgraphNames] as Part[]).map(async (p) => [p, await freePort()])),
  ) as Record<Part, number>;
  const frontUrl = (part: Part) =>
    part === 'gateway' ? `http://127.0.0.1:${front.gateway}/` : `http://127.0.0.1:${front[part]}/graphql`;
  const slots: Slot[] = [];
  for (const part of ['gateway', ...subgraphNames] as Part[])
    for (const server of ['a', 'b']) slots.push({ part, server, port: await freePort() });

  // HAProxy: health checks on /ready every 200 ms; a request refused, reset, answered empty or with 503
  // (SHUTTING_DOWN, sent before any work) is sent again to another server (docs/deployment.md).
  const socketPath = path.join(dataDir, 'haproxy.sock');
  const haproxyConfig = [
    'global',
    `  stats socket ${socketPath} mode 600 level admin`,
    '  maxconn 4096',
    'defaults',
    '  mode http',
    '  timeout connect 1s',
    '  timeout client 60s',
    '  timeout server 60s',
    '  timeout queue 10s',
    '  retries 3',
    '  option redispatch 1',
    '  retry-on conn-failure empty-response 503',
    '  default-server inter 200ms fall 2 rise 2',
    ...(['gateway', ...subgraphNames] as Part[]).flatMap((part) => [
      `frontend fe_${part}`,
      `  bind 127.0.0.1:${front[part]}`,
      `  default_backend be_${part}`,
      `backend be_${part}`,
      '  balance roundrobin',
      '  option httpchk GET /ready',
      '  http-check expect status 200',
      ...slots.filter((s) => s.part === part).map((s) => `  server ${s.server} 127.0.0.1:${s.port} check`),
    ]),
  ].join('\n');
  const configFile = path.join(dataDir, 'haproxy.cfg');
  writeFileSync(configFile, `${haproxyConfig}\n`);
  const haproxy: ChildProcess = spawn('haproxy', ['-db', '-q', '-f', configFile], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });

  /** HAProxy's statistics (`show stat`): one row per frontend, backend and server, by column name. */
  const statistics = () =>
    new Promise<Array<Record<string, string>>>((resolve, reject) => {
      const socket = net.connect(socketPath);
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('end', () => {
        const [header, ...rows] = text.trim().split('\n');
        const columns = (header ?? '').replace(/^# /, '').split(',');
        resolve(rows.map((row) => Object.fromEntries(row.split(',').map((v, i) => [columns[i] ?? i, v]))));
      });
      socket.on('error', reject);
      socket.write('show stat\n');
    });
  const until = async (slot: Slot, status: 'UP' | 'DOWN') => {
    for (let i = 0; i < 300; i += 1) {
      const rows = await statistics().catch(() => []);
      const now = rows.find((r) => r.pxname === `be_${slot.part}` && r.svname === slot.server)?.status;
      if (now?.startsWith(status)) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`HAProxy never saw ${slot.part}/${slot.server} ${status}`);
  };

  const common = {
    ...benchEnv,
    SEED_DEMO: 'true',
    DRAIN_DELAY_MS: '1000',
    GATEWAY_URL: frontUrl('gateway'),
    ...(redis ? { REDIS_URL: 'redis://127.0.0.1:6379' } : {}),
    // Every part reaches every other through HAProxy, and each subgraph checks signatures against its
    // own public URL, the frontend's.
    ...Object.fromEntries(subgraphNames.map((name) => [`${name.toUpperCase()}_URL`, frontUrl(name)])),
  };
  const start = async (slot: Slot) => {
    slot.service =
      slot.part === 'gateway'
        ? await startQuiet(
            config,
            'bin/gateway.ts',
            [],
            { ...common, GATEWAY_PORT: String(slot.port) },
            slot.port,
            '/',
          )
        : await startQuiet(
            config,
            'bin/subgraph.ts',
            [slot.part],
            {
              ...common,
              DATABASE_URL: databaseOf(slot.part),
              [`${slot.part.toUpperCase()}_PORT`]: String(slot.port),
            },
            slot.port,
            '/graphql',
          );
    await until(slot, 'UP');
  };
  const stop = async (slot: Slot, signal: 'SIGTERM' | 'SIGKILL') => {
    const service = slot.service;
    slot.service = undefined;
    if (!service) return;
    if (signal === 'SIGKILL') service.process.kill('SIGKILL');
    await service.stop();
    await until(slot, 'DOWN');
  };
  const slot = (part: Part, server: string) =>
    slots.find((s) => s.part === part && s.server === server) as Slot;
  // The subgraphs first (population's two replicas one after the other: both would seed the empty
  // database at once), then the gateways.
  for (const part of subgraphNames) await start(slot(part, 'a'));
  await start(slot('population', 'b'));
  await Promise.all([start(slot('gateway', 'a')), start(slot('gateway', 'b'))]);
  log(`topology up: HAProxy at ${frontUrl('gateway')}`);

  // The load: citizen lookups and submissions, each resent until answered, with the same request id.
  const world = generateWorld(demoSize);
  const adults = world.population.citizens
    .filter((c) => c.deathDate === null && c.birthDate < '2005-01-01')
    .map((c) => c.personalId);
  let phase = 'steady';
  let running = true;
  const failures: Array<{ phase: string; reason: string }> = [];
  const answered = { reads: new Set<string>(), submissions: new Set<string>(), unanswered: 0 };
  let n = 0;
  const ask = async (body: string, requestId: string) => {
    for (let attempt = 0; attempt < 10; attempt += 1) {
      try {
        const response = await fetch(frontUrl('gateway'), {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
            ...benchHeaders,
            'x-purpose': 'Topology benchmark',
            'x-request-id': requestId,
          },
          body,
        });
        const result = (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> };
        if (response.status === 200 && !result.errors) return true;
        failures.push({
          phase,
          reason: `${response.status} ${(result.errors ?? []).map((e) => e.extensions?.code).join('+')}`,
        });
      } catch (error) {
        failures.push({ phase, reason: `fetch: ${(error as Error).message}` });
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return false;
  };
  const worker = async () => {
    while (running) {
      n += 1;
      const i = n;
      const id = `${run}-${i}`;
      if (i % 4 === 0) {
        const ok = await ask(
          JSON.stringify({
            query: `mutation($input: SubmitDossierInput!) { submitDossier(input: $input) { code } }`,
            variables: {
              input: {
                procedureCode: '1.000656',
                applicant: { personalId: adults[i % adults.length] },
                channel: 'ONLINE',
                provinceCode: '79',
                wardCode: '97901',
                idempotencyKey: id,
              },
            },
          }),
          id,
        );
        if (ok) answered.submissions.add(id);
        else answered.unanswered += 1;
      } else {
        const ok = await ask(
          JSON.stringify({
            query: `query($id: PersonalId!) { citizen(personalId: $id) { fullName birthDate } }`,
            variables: { id: adults[(i * 7919) % adults.length] },
          }),
          id,
        );
        if (ok) answered.reads.add(id);
        else answered.unanswered += 1;
      }
    }
  };
  const workers = Array.from({ length: config.workers }, () => worker());
  const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  const phases: Array<{ phase: string; requests: number; failedAttempts: number; seconds: number }> = [];
  const during = async (name: string, work: () => Promise<void>) => {
    phase = name;
    const [before, failedBefore, t0] = [n, failures.length, Date.now()];
    await work();
    phases.push({
      phase: name,
      requests: n - before,
      failedAttempts: failures.length - failedBefore,
      seconds: (Date.now() - t0) / 1000,
    });
  };
  try {
    await during('steady', () => pause(config.seconds * 1000));
    await during('rolling restart', async () => {
      for (const part of [
        'population',
        ...subgraphNames.filter((p) => p !== 'population'),
        'gateway',
      ] as Part[]) {
        const running_ = slots.filter((s) => s.part === part && s.service);
        if (running_.length === 2)
          for (const s of running_) {
            await stop(s, 'SIGTERM');
            await start(s);
            log(`restarted ${part}/${s.server}`);
          }
        else {
          // One replica: its replacement starts in the spare slot first, then the old one drains.
          const old = running_[0] as Slot;
          const spare = slots.find((s) => s.part === part && !s.service) as Slot;
          await start(spare);
          await stop(old, 'SIGTERM');
          log(`replaced ${part}/${old.server} by ${part}/${spare.server}`);
        }
      }
    });
    await during('steady after restart', () => pause(config.seconds * 1000));
    await during('kill -9', async () => {
      for (const part of ['gateway', 'population'] as Part[]) {
        const victim = slot(part, 'a');
        await stop(victim, 'SIGKILL');
        log(`killed ${part}/a`);
        await pause(2000);
        await start(victim);
      }
    });
    await during('steady after kills', () => pause(config.seconds * 1000));
  } finally {
    running = false;
    await Promise.all(workers);
  }
  // Every answered submission is one dossier, every answered request one access record per citizen it
  // read (a submission reads its applicant), none missing and none twice.
  const dossiers = postgres(databaseOf('dossiers'), { max: 1, onnotice: () => {} });
  const population = postgres(databaseOf('population'), { max: 1, onnotice: () => {} });
  const like = `${run}-%`;
  const [stored] = await dossiers`
    select count(*)::int as submissions, count(distinct dossier_code)::int as dossiers
    from dossiers.dossier_submissions where idempotency_key like ${like}`;
  const [records] = await population`
    select count(*)::int as records, count(distinct request_id)::int as requests
    from population.access_records where request_id like ${like}`;
  await Promise.all([dossiers.end(), population.end()]);
  const result = {
    phases,
    failures: Object.entries(
      failures.reduce<Record<string, number>>(
        (t, f) => ({ ...t, [`${f.phase}: ${f.reason}`]: (t[`${f.phase}: ${f.reason}`] ?? 0) + 1 }),
        {},
      ),
    ),
    answered: {
      reads: answered.reads.size,
      submissions: answered.submissions.size,
      unanswered: answered.unanswered,
    },
    stored: { ...stored, ...records },
  };
  // What HAProxy resent on its own: retries on the same server and redispatches to another, per backend.
  const resent = Object.fromEntries(
    (await statistics())
      .filter((r) => r.svname === 'BACKEND')
      .map((r) => [r.pxname?.replace(/^be_/, '') ?? '', Number(r.wretr) + Number(r.wredis)]),
  );
  await Promise.all(slots.map((s) => s.service?.stop()));
  haproxy.kill('SIGTERM');
  // audit:verify, as an operator runs it after an incident: the log the replicas shared, through the
  // kill -9s, against the witness they shared (#26: the kills counted rows, never verified the tree).
  const serviceEnv = loadEnv({ ...benchEnv, DATABASE_URL: databaseOf('population') });
  const handle = await createDb('population', { url: databaseOf('population') });
  let audit: { problems: string[]; checked: number; witnessed: number };
  try {
    const report = await verifyAccessLog(handle.db, {
      publicKey: await loadAccessLogPublicKey(serviceEnv),
      witness: fileWitness(accessLogWitnessFile(serviceEnv)),
      retentionMonths: serviceEnv.accessLogRetentionMonths,
    });
    audit = { problems: report.problems, checked: report.checked, witnessed: report.witnessed };
  } finally {
    await handle.close();
  }
  return { ...result, resent, audit };
}
