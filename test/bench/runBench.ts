import { readFileSync, rmSync } from 'node:fs';
import { subgraphNames } from '../../runtime/subgraphNames.ts';
import { freePort } from '../support/freePort.ts';
import { benchEnvironment } from './benchEnvironment.ts';
import { makeCertificates } from '../support/makeCertificates.ts';
import { grafbaseMissing, startGrafbase } from '../support/startGrafbase.ts';
import { log, type BenchConfig, type Service } from './benchConfig.ts';
import { ensureSeeded, sampleData } from './benchData.ts';
import { accessLogOf, measure, type Row, type Setup } from './measure.ts';
import { nothingLost } from './nothingLost.ts';
import { report } from './report.ts';
import { startQuiet, startSubgraphs } from './startQuiet.ts';
import { startStatusSyncProbe } from './statusSyncProbe.ts';
import postgres from 'postgres';
import { randomBytes } from 'node:crypto';
import { prepareBaseline } from './baseline.ts';
import type { SampleData } from './scenarios.ts';

/**
 * `npm run bench`: seeds the local PostgreSQL when needed, starts the four subgraphs, our gateway, Hive
 * Gateway and the no-federation bound, measures every scenario on every target in interleaved rounds,
 * checks that nothing is lost under load, and reports.
 */
export async function runBench(config: BenchConfig) {
  const { duration, rounds, targets, chosen, databaseUrl, dataDir } = config;
  await ensureSeeded(config);
  const data = await sampleData(config);
  log(
    `sample: ${data.heads.length} households, ${data.agencies.length} agencies, ${data.adults.length} adults`,
  );
  const gatewayPort = await freePort();
  const { env: benchEnv, sign, token, baselineEnv } = await benchEnvironment(config);
  // A webhook subscriber on loopback: what the status sync delivers while the gateway is loaded.
  const probe = await startStatusSyncProbe(dataDir);
  const outbox = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  // Every process with a database pool shares the server's connections (Grafbase's and the baseline's
  // subgraphs too): each pool gets an equal share, at most the default 10, with 10 left for the bench.
  const pools =
    subgraphNames.length *
      (1 + (targets.includes('grafbase') ? 1 : 0) + (targets.includes('baseline') ? 1 : 0)) +
    (targets.includes('bound') ? 1 : 0);
  const serverMax = Number((await outbox`show max_connections`)[0]?.max_connections ?? 100);
  const poolMax = Math.max(2, Math.min(10, Math.floor((serverMax - 10) / pools)));
  log(`${pools} database pools of ${poolMax} connections (max_connections ${serverMax})`);
  const common = {
    ...benchEnv,
    ...probe.env,
    DB_POOL_MAX: String(poolMax),
    GATEWAY_URL: `http://127.0.0.1:${gatewayPort}/`,
  };
  // The probe starts from nothing: an earlier run's registration (another port) is forgotten first.
  await outbox`delete from dossiers.webhook_subscribers where id = 'bench-probe'`.catch(() => undefined);
  const subgraphs = await startSubgraphs(config, common);
  const outboxSize = async () =>
    Number((await outbox`select count(*)::int as n from dossiers.dossier_outbox`)[0]?.n ?? 0);
  const outboxBefore = await outboxSize();
  probe.sample(subgraphs[subgraphNames.indexOf('dossiers')]?.url ?? '');
  const urlsOf = (set: Service[]) =>
    Object.fromEntries(subgraphNames.map((name, i) => [`${name.toUpperCase()}_URL`, set[i]?.url ?? '']));
  const subgraphUrls = urlsOf(subgraphs);
  /** The subgraph processes each target's requests reach (Grafbase has its own, serving mutual TLS). */
  const subgraphsOf: Record<string, Service[]> = {};
  const servers: Record<string, Service> = {
    gateway: await startQuiet(
      config,
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
      config,
      'bin/gateway.ts',
      [],
      { ...common, ...subgraphUrls, GATEWAY_PORT: String(port), PUBLIC_CACHE_TTL_MS: '0' },
      port,
      '/',
    );
  }
  for (const target of ['hive', 'hive-rust'] as const)
    if (targets.includes(target)) {
      const port = await freePort();
      servers[target] = await startQuiet(
        config,
        'test/bench/hiveGateway.ts',
        [
          String(port),
          ...(config.hiveDeduplicate ? ['--deduplicate'] : []),
          ...(target === 'hive-rust' ? ['--router-runtime'] : []),
        ],
        { ...common, ...subgraphUrls },
        port,
        '/',
      );
    }
  const grafbaseCannot = targets.includes('grafbase') ? grafbaseMissing() : null;
  if (grafbaseCannot) log(`*** SKIPPED target grafbase: ${grafbaseCannot} ***`);
  else if (targets.includes('grafbase')) {
    // Its own four subgraph processes (same code, same database) serving mutual TLS; a submission's
    // registry reads go back through Grafbase, as they would in a deployment with Grafbase in front.
    const certs = makeCertificates(dataDir);
    const port = await freePort();
    const tlsSubgraphs = await startSubgraphs(
      config,
      {
        ...common,
        SUBGRAPH_TLS_CERT_FILE: certs.serverCert,
        SUBGRAPH_TLS_KEY_FILE: certs.serverKey,
        SUBGRAPH_TLS_CLIENT_CA_FILE: certs.ca,
        GATEWAY_URL: `http://127.0.0.1:${port}/graphql`,
      },
      { ca: readFileSync(certs.ca, 'utf8') },
    );
    subgraphsOf.grafbase = tlsSubgraphs;
    servers.grafbase = await startGrafbase(
      dataDir,
      port,
      Object.fromEntries(subgraphNames.map((name, i) => [name, tlsSubgraphs[i] as Service])),
      certs,
    );
  }
  if (targets.includes('bound')) {
    const port = await freePort();
    servers.bound = await startQuiet(config, 'test/bench/boundServer.ts', [String(port)], common, port, '/');
  }

  // --baseline <ref>: that commit's gateway and subgraphs, built in a worktree, on its own database.
  let baselineData: SampleData | undefined;
  let baselineSql: postgres.Sql | undefined;
  if (config.baseline) {
    const baseline = await prepareBaseline(config.baseline, config);
    baselineData = await sampleData({ databaseUrl: baseline.databaseUrl });
    baselineSql = postgres(baseline.databaseUrl, { max: 1, onnotice: () => {} });
    const port = await freePort();
    const env = {
      ...common,
      ...baselineEnv,
      DATABASE_URL: baseline.databaseUrl,
      GATEWAY_URL: `http://127.0.0.1:${port}/`,
      // What the commits before this wave's trust issue needed between the parts (both are gone now).
      GATEWAY_CONTEXT_SECRET: randomBytes(32).toString('hex'),
      DOSSIERS_SERVICE_TOKEN: await sign({
        sub: 'svc-dossiers',
        scope: 'citizen:basic citizen:full business:read',
      }),
    };
    const set = await startSubgraphs(config, env, { root: baseline.root, entry: baseline.subgraphEntry });
    subgraphsOf.baseline = set;
    servers.baseline = await startQuiet(
      config,
      baseline.gatewayEntry,
      [],
      { ...env, ...urlsOf(set), GATEWAY_PORT: String(port) },
      port,
      '/',
      { root: baseline.root },
    );
    log(`baseline ${config.baseline} = ${baseline.sha.slice(0, 12)} at ${servers.baseline.url}`);
  }
  const setups: Record<string, Setup> = {};
  for (const [target, server] of Object.entries(servers))
    setups[target] = {
      server,
      subgraphs: subgraphsOf[target] ?? subgraphs,
      data: target === 'baseline' && baselineData ? baselineData : data,
      accessLog: accessLogOf(target === 'baseline' && baselineSql ? baselineSql : outbox),
    };
  const rows: Row[] = [];
  try {
    // Every target warms every scenario before anything is measured: the subgraphs are shared, and
    // the first target loaded would otherwise pay their JIT and PostgreSQL's cold buffers alone.
    for (const scenario of chosen)
      for (const target of targets) {
        const server = servers[target];
        if (server) await measure(config, scenario, target, setups[target] as Setup, token, 0);
      }
    // Two shared cores are noisy: each scenario is measured in `rounds` rounds, the targets taking
    // turns in a different order each round, and each target's median round by req/s is reported.
    for (const scenario of chosen) {
      const runs = new Map<string, Row[]>();
      for (let round = 0; round < rounds; round += 1) {
        const order = targets.map((_, i) => targets[(i + round) % targets.length] as string);
        for (const target of order) {
          const server = servers[target];
          const row =
            server && (await measure(config, scenario, target, setups[target] as Setup, token, duration));
          if (row) runs.set(target, [...(runs.get(target) ?? []), row]);
        }
      }
      for (const target of targets) {
        const sorted = [...(runs.get(target) ?? [])].sort((a, b) => a.rps - b.rps);
        const median = sorted[Math.floor((sorted.length - 1) / 2)];
        if (median) rows.push({ ...median, rounds: sorted.map((r) => Math.round(r.rps)) });
      }
    }
    const lost = config.skipLost ? null : await nothingLost(config, servers.gateway as Service, token, data);
    const sync = await probe.finish((await outboxSize()) - outboxBefore);
    report(config, rows, lost, sync);
  } finally {
    probe.close();
    await outbox.end();
    await baselineSql?.end();
    await Promise.all(
      [...Object.values(servers), ...subgraphs, ...Object.values(subgraphsOf).flat()].map((s) => s.stop()),
    );
    rmSync(dataDir, { recursive: true, force: true });
  }
}
