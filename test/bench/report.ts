import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../runtime/env.ts';
import { type BenchConfig } from './benchConfig.ts';
import type { Row } from './measure.ts';
import type { nothingLost } from './nothingLost.ts';
import type { StatusSyncFigures } from './statusSyncProbe.ts';

/** Prints the table (and writes it to test-output/bench.md) and the closing `bench:` line. */
export function report(
  config: Pick<BenchConfig, 'size' | 'duration' | 'rounds' | 'connections'>,
  rows: Row[],
  lost: Awaited<ReturnType<typeof nothingLost>> | null,
  sync?: StatusSyncFigures,
) {
  const { size, duration, rounds, connections } = config;
  const f = (n: number, digits = 0) =>
    n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const lines = [
    `# Benchmark: ${f(size.citizens)} citizens, ${f(size.businesses)} businesses, ${f(size.dossiers)} dossiers; ${connections} connections, ${duration} s per run, median of ${rounds} round(s), ${os.cpus().length} cores`,
    '',
    '| scenario | target | req/s | p50 ms | p99 ms | SQL/request | access records/request | RSS MiB | non-2xx | CPU ms/req: server | subgraphs | machine | req/s of each round |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...rows.map(
      (r) =>
        `| ${r.scenario} | ${r.target} | ${f(r.rps, 1)} | ${f(r.p50, 1)} | ${f(r.p99, 1)} | ${f(r.statements, 2)} | ${f(r.accessRecords, 2)} | ${f(r.rssMiB)} | ${r.non2xx} | ${f(r.cpu.server, 2)} | ${f(r.cpu.subgraphs, 2)} | ${f(r.cpu.machine, 2)} | ${(r.rounds ?? []).join(', ')} |`,
    ),
    '',
    lost
      ? `Nothing lost: ${lost.submissions} concurrent submissions → ${lost.dossiers} dossiers, ${lost.firstHistoryRows} first history rows, ${lost.submissionErrors} unanswered at first, ${lost.stillFailing} still unanswered after ${lost.rounds} round(s) of resending with the same key; ${f(lost.reads)} of 10,000 citizen reads answered (100 at a time) → ${f(lost.accessRecords)} access records, ${lost.read5xx} non-2xx.`
      : 'Nothing lost: not checked (--skip-lost).',
    '',
    sync
      ? `Status sync (webhook subscriber on loopback, embedded worker): ${f(sync.delivered)} changes delivered, ${f(sync.perSecond, 1)}/s from first to last; outbox lag sampled each second: median ${f(sync.lagMedianSeconds, 1)} s, max ${f(sync.lagMaxSeconds, 1)} s; last change delivered ${f(sync.drainSeconds, 1)} s after the load ended.`
      : 'Status sync: not measured.',
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
    `bench: worklist gateway/hive=${ratio(ours?.rps, worklist('hive')?.rps)} gateway/hive-rust=${ratio(ours?.rps, worklist('hive-rust')?.rps)} gateway/grafbase=${ratio(ours?.rps, worklist('grafbase')?.rps)} gateway/baseline=${ratio(ours?.rps, worklist('baseline')?.rps)} gateway/bound=${ratio(ours?.rps, worklist('bound')?.rps)} p99/p50=${ratio(ours?.p99, ours?.p50)}`,
  );
  const text = lines.join('\n');
  mkdirSync(path.join(projectRoot, 'test-output'), { recursive: true });
  writeFileSync(path.join(projectRoot, 'test-output/bench.md'), `${text}\n`);
  console.log(text);
}
