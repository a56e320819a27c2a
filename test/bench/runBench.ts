import { writeRouterKeyFiles } from '../../runtime/routerKeys.ts';
import { newEd25519Pem } from '../../runtime/ed25519Key.ts';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { tokenAudience } from '../../runtime/devKey.ts';
import { subgraphNames } from '../../runtime/subgraphNames.ts';
import { freePort } from '../support/freePort.ts';
import { log, type BenchConfig, type Service } from './benchConfig.ts';
import { ensureSeeded, sampleData } from './benchData.ts';
import { measure, type Row } from './measure.ts';
import { nothingLost } from './nothingLost.ts';
import { report } from './report.ts';
import { startQuiet } from './startQuiet.ts';
import { startStatusSyncProbe } from './statusSyncProbe.ts';
import postgres from 'postgres';

/**
 * `npm run bench`: seeds the local PostgreSQL when needed, starts the four subgraphs, our gateway, Hive
 * Gateway and the no-federation bound, measures every scenario on every target in interleaved rounds,
 * checks that nothing is lost under load, and reports.
 */
export async function runBench(config: BenchConfig) {
  const { duration, rounds, targets, chosen, databaseUrl, benchIssuer, dataDir } = config;
  await ensureSeeded(config);
  const data = await sampleData(config);
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
  const routerKeys = await writeRouterKeyFiles(dataDir);
  const auditKeyFile = path.join(dataDir, 'audit-key.pem');
  writeFileSync(auditKeyFile, newEd25519Pem());
  // The bench client is a registered client with room for a benchmark's load: the limits are still
  // counted on every request (their cost is measured), they only never refuse it.
  const limitsFile = path.join(dataDir, 'client-limits.json');
  const unlimited = {
    requestsPerMinute: 1e9,
    costPerMinute: 1e12,
    citizensPerDay: 1e9,
    trackDossierPerMinute: 1e9,
  };
  writeFileSync(
    limitsFile,
    JSON.stringify({ clients: { 'bench-client': unlimited }, addresses: { '127.0.0.1': unlimited } }),
  );
  // A webhook subscriber on loopback: what the status sync delivers while the gateway is loaded.
  const probe = await startStatusSyncProbe(dataDir);
  const common = {
    ...probe.env,
    CLIENT_LIMITS_FILE: limitsFile,
    METRICS_PORT: '0',
    AUDIT_SIGNING_KEY_FILE: auditKeyFile,
    AUDIT_WITNESS_FILE: path.join(dataDir, 'witness', 'access-log.jsonl'),
    DATABASE_URL: databaseUrl,
    DATA_DIR: dataDir,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    NODE_ENV: 'production',
    JWT_JWKS_FILE: jwksFile,
    JWT_ISSUER: benchIssuer,
    ROUTER_SIGNING_KEY_FILE: routerKeys.signingKeyFile,
    ROUTER_PUBLIC_KEYS_FILE: routerKeys.publicKeysFile,
    GATEWAY_URL: `http://127.0.0.1:${gatewayPort}/`,
    DRAIN_DELAY_MS: '0',
  };
  // The probe starts from nothing: an earlier run's registration (another port) is forgotten first.
  const outbox = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  await outbox`delete from dossiers.webhook_subscribers where id = 'bench-probe'`.catch(() => undefined);
  const ports = await Promise.all(subgraphNames.map(() => freePort()));
  const subgraphs = await Promise.all(
    subgraphNames.map((name, i) =>
      startQuiet(
        config,
        'bin/subgraph.ts',
        [name],
        { ...common, [`${name.toUpperCase()}_PORT`]: String(ports[i]) },
        ports[i] as number,
        '/graphql',
      ),
    ),
  );
  const outboxSize = async () =>
    Number((await outbox`select count(*)::int as n from dossiers.dossier_outbox`)[0]?.n ?? 0);
  const outboxBefore = await outboxSize();
  probe.sample(subgraphs[subgraphNames.indexOf('dossiers')]?.url ?? '');
  const subgraphUrls = Object.fromEntries(
    subgraphNames.map((name, i) => [`${name.toUpperCase()}_URL`, subgraphs[i]?.url ?? '']),
  );
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
  if (targets.includes('hive')) {
    const port = await freePort();
    servers.hive = await startQuiet(
      config,
      'test/bench/hiveGateway.ts',
      [String(port), ...(config.hiveDeduplicate ? ['--deduplicate'] : [])],
      { ...common, ...subgraphUrls },
      port,
      '/',
    );
  }
  if (targets.includes('bound')) {
    const port = await freePort();
    servers.bound = await startQuiet(config, 'test/bench/boundServer.ts', [String(port)], common, port, '/');
  }

  const token = await sign({
    sub: 'bench-client',
    agency: '000.00.00.H29',
    scope: 'citizen:basic citizen:full business:read dossier:read:all dossier:write',
  });
  const rows: Row[] = [];
  try {
    // Every target warms every scenario before anything is measured: the subgraphs are shared, and
    // the first target loaded would otherwise pay their JIT and PostgreSQL's cold buffers alone.
    for (const scenario of chosen)
      for (const target of targets) {
        const server = servers[target];
        if (server) await measure(config, scenario, target, server, subgraphs, token, data, 0);
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
            server && (await measure(config, scenario, target, server, subgraphs, token, data, duration));
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
    await Promise.all([...Object.values(servers), ...subgraphs].map((s) => s.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
