import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { loadEnv, projectRoot } from '../runtime/env.ts';

// `npm run bench:seed [-- --citizens N --businesses N --dossiers N --procedures N]`: seeds a scratch
// database on the local PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/
// seed_bench, created when missing) in a child process, and prints rows/s per table, wall time and
// the child's peak RSS against the targets (under 3 minutes, under 1 GiB).
const { values } = parseArgs({
  options: {
    citizens: { type: 'string', default: '1000000' },
    businesses: { type: 'string', default: '100000' },
    procedures: { type: 'string', default: '1000' },
    dossiers: { type: 'string', default: '1000000' },
  },
});
const url = new URL(loadEnv().benchDatabaseUrl);
const database = url.pathname.slice(1);
const adminUrl = new URL(url);
adminUrl.pathname = '/postgres';
const admin = postgres(adminUrl.toString(), { max: 1, onnotice: () => {} });
const [exists] = await admin`select 1 from pg_database where datname = ${database}`;
if (!exists) await admin.unsafe(`create database "${database}"`);
await admin.end();

const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-seed-'));
const reportFile = path.join(dir, 'report.json');
const args = ['--import', 'tsx', 'bin/seed.ts', '--reset', '--report-json', reportFile];
for (const key of ['citizens', 'businesses', 'procedures', 'dossiers'] as const)
  args.push(`--${key}`, values[key]);
const started = performance.now();
const code = await new Promise<number | null>((resolve) => {
  const child = spawn(process.execPath, args, {
    cwd: projectRoot,
    env: { ...process.env, DATABASE_URL: url.toString() },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  child.on('exit', resolve);
});
const wall = (performance.now() - started) / 1000;
if (code !== 0) {
  console.error(`seed exited with ${code}`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(reportFile, 'utf8')) as {
  tables: Array<{ subgraph: string; table: string; rows: number; seconds: number }>;
  seconds: number;
  peakRssMiB: number;
};
rmSync(dir, { recursive: true, force: true });
const number = new Intl.NumberFormat('en-US');
const lines = [
  '| table | rows | rows/s |',
  '| --- | ---: | ---: |',
  ...report.tables.map(
    (t) =>
      `| ${t.subgraph}.${t.table} | ${number.format(t.rows)} | ${number.format(Math.round(t.rows / Math.max(t.seconds, 1e-3)))} |`,
  ),
];
console.log(lines.join('\n'));
const rows = report.tables.reduce((sum, t) => sum + t.rows, 0);
console.log(
  `\nseed: ${number.format(rows)} rows in ${report.seconds.toFixed(1)} s (${number.format(Math.round(rows / report.seconds))} rows/s overall; process wall ${wall.toFixed(1)} s with start-up), peak RSS ${report.peakRssMiB.toFixed(0)} MiB`,
);
console.log(
  `bench:seed wall=${wall.toFixed(1)}s (target < 180) rss=${report.peakRssMiB.toFixed(0)}MiB (target < 1024) ${wall < 180 && report.peakRssMiB < 1024 ? 'OK' : 'MISSED'}`,
);
