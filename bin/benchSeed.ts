import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { loadEnv, projectRoot, scaledBenchDatabaseUrl } from '../runtime/env.ts';

// `npm run bench:seed [-- --scale K | --citizens N --businesses N --dossiers N --procedures N]`: seeds a
// scratch database on the local PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:
// 5432/seed_bench, created when missing; at --scale K > 1 seed_bench_xK, which `npm run bench -- --scale
// K` uses) in a child process, and prints rows/s per table, wall time,
// the child's peak RSS and the database's size per schema against the targets: under 180 s at scale 1,
// under 1,000 s at scale 10 (linear and then some), under 1 GiB of RSS at any scale.
const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '1' },
    citizens: { type: 'string' },
    businesses: { type: 'string' },
    procedures: { type: 'string', default: '1000' },
    dossiers: { type: 'string' },
  },
});
// The counts go to the seed command as given: it checks them (and exits 2 on a bad one). The scale is ours.
const scale = Number(values.scale);
if (!Number.isSafeInteger(scale) || scale < 1) {
  console.error(`--scale '${values.scale}' is not a whole number ≥ 1`);
  process.exit(2);
}
// At scale 1: a million citizens, a hundred thousand businesses, a million dossiers.
const counts = {
  citizens: values.citizens ?? String(1_000_000 * scale),
  businesses: values.businesses ?? String(100_000 * scale),
  procedures: values.procedures,
  dossiers: values.dossiers ?? String(1_000_000 * scale),
};
const wallTarget = Math.max(180, 100 * scale);
const url = new URL(scaledBenchDatabaseUrl(loadEnv().benchDatabaseUrl, scale));
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
  args.push(`--${key}`, counts[key]);
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
const db = postgres(url.toString(), { max: 1, onnotice: () => {} });
const schemas = await db<Array<{ schema: string; bytes: string }>>`
  select n.nspname as schema, sum(pg_total_relation_size(c.oid))::text as bytes
  from pg_class c join pg_namespace n on n.oid = c.relnamespace
  where c.relkind in ('r', 'p', 'm') and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
  group by n.nspname order by sum(pg_total_relation_size(c.oid)) desc`;
const [total] = await db<
  Array<{ bytes: string }>
>`select pg_database_size(current_database())::text as bytes`;
await db.end();
const mib = (bytes: string | undefined) => `${number.format(Math.round(Number(bytes ?? 0) / 2 ** 20))} MiB`;
console.log(
  [
    '\n| schema | size (tables, indexes, TOAST) |',
    '| --- | ---: |',
    ...schemas.map((s) => `| ${s.schema} | ${mib(s.bytes)} |`),
    `| database ${database} | ${mib(total?.bytes)} |`,
  ].join('\n'),
);
console.log(
  `bench:seed scale=${scale} wall=${wall.toFixed(1)}s (target < ${wallTarget}) rss=${report.peakRssMiB.toFixed(0)}MiB (target < 1024) ${wall < wallTarget && report.peakRssMiB < 1024 ? 'OK' : 'MISSED'}`,
);
