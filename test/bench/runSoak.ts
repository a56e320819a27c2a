import autocannon from 'autocannon';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../runtime/env.ts';
import { subgraphNames } from '../../runtime/subgraphNames.ts';
import { freePort } from '../support/freePort.ts';
import { log, type BenchConfig, type Service } from './benchConfig.ts';
import { ensureSeeded, sampleData } from './benchData.ts';
import { benchEnvironment, benchHeaders } from './benchEnvironment.ts';
import { getText } from './getText.ts';
import { scenarios } from './scenarios.ts';
import { startQuiet, startSubgraphs } from './startQuiet.ts';

export interface SoakConfig extends BenchConfig {
  minutes: number;
  /** Requests a second, spread over the citizen lookup, the worklist and the catalogue. */
  rate: number;
  reloads: number;
}

const rssMiB = (pid: number) => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
};
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/**
 * `npm run bench:soak`: the gateway and the four subgraphs under a moderate, steady load for `minutes`,
 * with the supergraph file replaced `reloads` times (a new version renamed over it, as a deployment does).
 * Samples every process's RSS each 10 s and reports, per process, the median of the second fifth of the
 * run (after warm-up) against the median of the last fifth: memory must not drift upward, reloads
 * included. Every request must be answered.
 */
export async function runSoak(config: SoakConfig): Promise<boolean> {
  const { minutes, rate, reloads, dataDir } = config;
  await ensureSeeded(config);
  const data = await sampleData(config);
  const { env: benchEnv, token } = await benchEnvironment(config);
  const supergraphFile = path.join(dataDir, 'supergraph.graphql');
  const committed = readFileSync(path.join(projectRoot, 'supergraph.graphql'), 'utf8');
  writeFileSync(supergraphFile, committed);
  const gatewayPort = await freePort();
  const metricsPort = await freePort();
  const common = { ...benchEnv, GATEWAY_URL: `http://127.0.0.1:${gatewayPort}/` };
  const subgraphs = await startSubgraphs(config, common);
  const gateway = await startQuiet(
    config,
    'bin/gateway.ts',
    [],
    {
      ...common,
      ...Object.fromEntries(
        subgraphNames.map((name, i) => [`${name.toUpperCase()}_URL`, subgraphs[i]?.url ?? '']),
      ),
      GATEWAY_PORT: String(gatewayPort),
      SUPERGRAPH_PATH: supergraphFile,
      METRICS_PORT: String(metricsPort),
    },
    gatewayPort,
    '/',
  );
  const processes: Array<[string, Service]> = [
    ['gateway', gateway],
    ...subgraphNames.map((name, i): [string, Service] => [name, subgraphs[i] as Service]),
  ];
  const samples = new Map<string, number[]>(processes.map(([name]) => [name, []]));
  const sampler = setInterval(() => {
    for (const [name, service] of processes) samples.get(name)?.push(rssMiB(service.process.pid ?? 0));
  }, 10_000);
  // A new supergraph every so often: the committed one with a different description, renamed over.
  const every = (minutes * 60_000) / (reloads + 1);
  let reloaded = 0;
  const reloader = setInterval(() => {
    if (reloaded >= reloads) return;
    reloaded += 1;
    const text = committed.replace(
      'Business subgraph: the national business registration database.',
      `Business subgraph: the national business registration database (soak ${reloaded}).`,
    );
    writeFileSync(`${supergraphFile}.new`, text);
    renameSync(`${supergraphFile}.new`, supergraphFile);
    log(`supergraph version ${reloaded} written`);
  }, every);
  const chosen = scenarios.filter((s) => ['citizen', 'worklist', 'catalogue'].includes(s.name));
  let sequence = 0;
  try {
    log(`soak: ${minutes} min at ${rate} req/s, ${reloads} supergraph reloads`);
    const result = await autocannon({
      url: gateway.url,
      connections: 8,
      overallRate: rate,
      duration: minutes * 60,
      requests: [
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
            ...benchHeaders,
            'x-purpose': 'Benchmark',
          },
          setupRequest: (req) => {
            sequence += 1;
            const scenario = chosen[sequence % chosen.length];
            return {
              ...req,
              headers: { ...req.headers, 'x-request-id': `soak-${sequence}` },
              body: scenario?.body(data, sequence, 'gateway'),
            };
          },
        },
      ],
    });
    const metrics = (await getText(`http://127.0.0.1:${metricsPort}/metrics`)).text;
    const reloadsOf = (result_: string) =>
      Number(
        new RegExp(`^supergraph_reloads_total\\{result="${result_}"[^}]*\\} (\\d+)`, 'm').exec(
          metrics,
        )?.[1] ?? 0,
      );
    const lines = [
      `# Soak: ${minutes} min at ${rate} req/s (citizen, worklist, catalogue), ${reloaded} supergraph files written`,
      '',
      `Requests: ${result.requests.total}, non-2xx or failed: ${result.non2xx + result.errors + result.timeouts}; p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms.`,
      `Reloads the gateway counted: loaded ${reloadsOf('loaded')}, failed ${reloadsOf('failed')}.`,
      '',
      '| process | RSS MiB after warm-up (median of the 2nd fifth) | RSS MiB at the end (median of the last fifth) | drift | verdict |',
      '| --- | ---: | ---: | ---: | --- |',
    ];
    const failed = result.non2xx + result.errors + result.timeouts;
    let ok = failed === 0 && reloadsOf('loaded') === reloaded && reloadsOf('failed') === 0;
    for (const [name] of processes) {
      const values = samples.get(name) ?? [];
      const fifth = Math.max(1, Math.floor(values.length / 5));
      const warm = median(values.slice(fifth, 2 * fifth));
      const end = median(values.slice(-fifth));
      // Noise allowance: 5% or 16 MiB, whichever is more (GC timing alone moves RSS that much).
      const drift = end - warm;
      const steady = drift <= Math.max(16, warm * 0.05);
      ok &&= steady;
      lines.push(
        `| ${name} | ${warm.toFixed(0)} | ${end.toFixed(0)} | ${drift >= 0 ? '+' : ''}${drift.toFixed(0)} | ${steady ? 'OK' : 'DRIFTS'} |`,
      );
    }
    lines.push('', `soak: ${ok ? 'OK' : 'FAILED'}`);
    console.log(lines.join('\n'));
    return ok;
  } finally {
    clearInterval(sampler);
    clearInterval(reloader);
    await Promise.all([gateway, ...subgraphs].map((s) => s.stop()));
    rmSync(dataDir, { recursive: true, force: true });
  }
}
