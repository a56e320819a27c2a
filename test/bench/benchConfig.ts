import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadEnv, scaledBenchDatabaseUrl } from '../../runtime/env.ts';
import type { ChildProcess } from 'node:child_process';
import { scenarios, type Scenario } from './scenarios.ts';

/** What one `npm run bench` run measures, from its command line. */
export interface BenchConfig {
  size: { citizens: number; businesses: number; dossiers: number; procedures: number };
  /** `--scale K`: K times the standard world (1M citizens, 100k businesses, 1M dossiers). */
  scale: number;
  duration: number;
  rounds: number;
  connections: number;
  /** uncached: our gateway with the public catalogue cache off (PUBLIC_CACHE_TTL_MS=0), to show its share. */
  targets: Array<'gateway' | 'uncached' | 'hive' | 'hive-rust' | 'grafbase' | 'baseline' | 'bound'>;
  chosen: Scenario[];
  /** `--baseline <git ref>`: that commit's gateway and subgraphs run as the target `baseline`. */
  baseline?: string;
  /** `--profile <dir>`: each process writes a V8 CPU profile there when it exits. */
  profile?: string;
  skipLost: boolean;
  /** Hive Gateway with its default in-flight deduplication (see hiveGateway.ts: it breaks the audit rule). */
  hiveDeduplicate: boolean;
  databaseUrl: string;
  benchIssuer: string;
  dataDir: string;
}

/** The run's settings from `npm run bench -- ...` arguments. */
export function parseBenchArgs(args: string[]): BenchConfig {
  const { values } = parseArgs({
    args,
    options: {
      small: { type: 'boolean', default: false },
      // K times the standard world (its own database, seed_bench_xK: see scaledBenchDatabaseUrl).
      scale: { type: 'string', default: '1' },
      duration: { type: 'string', default: '10' },
      rounds: { type: 'string', default: '3' },
      connections: { type: 'string', default: '32' },
      targets: { type: 'string', default: 'gateway,uncached,hive,hive-rust,grafbase,bound' },
      scenarios: { type: 'string', default: scenarios.map((s) => s.name).join(',') },
      profile: { type: 'string' },
      baseline: { type: 'string' },
      'skip-lost': { type: 'boolean', default: false },
      // Hive Gateway with its default in-flight deduplication (see hiveGateway.ts: it breaks the audit rule).
      'hive-deduplicate': { type: 'boolean', default: false },
    },
  });
  const scale = Number(values.scale);
  if (!Number.isSafeInteger(scale) || scale < 1 || (values.small && scale > 1))
    throw new Error(`--scale '${values.scale}' is not a whole number ≥ 1 (nor taken with --small)`);
  return {
    size: values.small
      ? { citizens: 100_000, businesses: 10_000, dossiers: 100_000, procedures: 500 }
      : {
          citizens: 1_000_000 * scale,
          businesses: 100_000 * scale,
          dossiers: 1_000_000 * scale,
          procedures: 1000,
        },
    scale,
    duration: Number(values.duration),
    rounds: Math.max(1, Number(values.rounds)),
    connections: Number(values.connections),
    targets: [
      ...new Set([...values.targets.split(','), ...(values.baseline ? ['baseline'] : [])]),
    ] as BenchConfig['targets'],
    baseline: values.baseline,
    chosen: scenarios.filter((s) => values.scenarios.split(',').includes(s.name)),
    profile: values.profile,
    skipLost: values['skip-lost'],
    hiveDeduplicate: values['hive-deduplicate'],
    databaseUrl: scaledBenchDatabaseUrl(loadEnv().benchDatabaseUrl, scale),
    benchIssuer: 'urn:vn-data-sharing-gateway:bench-issuer',
    dataDir: mkdtempSync(path.join(os.tmpdir(), 'bench-')),
  };
}

export const log = (...parts: unknown[]) => console.error('[bench]', ...parts);

/** A process the bench started. */
export interface Service {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
  /** The CA its HTTPS certificate is from, when it serves HTTPS (PEM). */
  ca?: string;
}
