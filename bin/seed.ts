import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDb, type DbHandle } from '../subgraphs/kit/createDb.ts';
import { EnvError, loadEnv } from '../runtime/env.ts';
import { subgraphNames, type SubgraphName } from '../runtime/subgraphNames.ts';
import { createProgress } from '../seed/createProgress.ts';
import {
  ImportRejected,
  importKinds,
  importRecords,
  type ImportKind,
  type ImportProblem,
} from '../seed/importRecords.ts';
import { SeedRefused, seedWorld } from '../seed/seedWorld.ts';
import { demoSize, worldSizeProblem, type WorldSize } from '../seed/worldRows.ts';

const usage = `usage:
  npm run seed -- [--citizens N] [--businesses N] [--procedures N] [--dossiers N] [--seed S] [--reset]
  npm run seed -- import --kind ${importKinds.join('|')} <file.csv|file.jsonl> [--skip-invalid]

Writes to DATABASE_URL (or <SUBGRAPH>_DATABASE_URL), else to the embedded databases under DATA_DIR
(stop \`npm start\` first: an embedded database has one user at a time).`;

/** Thrown for a wrong command line: printed with the usage, exit code 2. */
class UsageError extends Error {}

const whole = (name: string, raw: string | undefined, fallback: number) => {
  if (raw === undefined) return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isSafeInteger(value) || value < 0)
    throw new UsageError(`--${name} '${raw}' is not a whole number ≥ 0`);
  return value;
};

async function openHandles(names: readonly SubgraphName[]): Promise<Partial<Record<SubgraphName, DbHandle>>> {
  const env = loadEnv();
  const handles: Partial<Record<SubgraphName, DbHandle>> = {};
  for (const name of names) {
    const url = env.databaseUrls[name];
    const handle = await createDb(name, {
      url,
      dataDir: url ? undefined : path.join(env.dataDir, name),
      poolMax: 2,
    });
    handles[name] = handle;
    await handle.migrate();
  }
  return handles;
}

const closeAll = (handles: Partial<Record<SubgraphName, DbHandle>>) =>
  Promise.allSettled(Object.values(handles).map((h) => h.close()));

const number = new Intl.NumberFormat('en-US');

/** The first hundred problems of an import, one line each. */
function printProblems(problems: ImportProblem[]) {
  for (const problem of problems.slice(0, 100))
    console.error(`  line ${problem.line}, ${problem.column}: ${problem.reason}`);
  if (problems.length > 100) console.error(`  … and ${problems.length - 100} more`);
}

async function seedCommand(args: string[]) {
  const { values } = parseArgs({
    args,
    options: {
      citizens: { type: 'string' },
      businesses: { type: 'string' },
      procedures: { type: 'string' },
      dossiers: { type: 'string' },
      seed: { type: 'string' },
      reset: { type: 'boolean', default: false },
      'report-json': { type: 'string' },
    },
  });
  const size: WorldSize = {
    citizens: whole('citizens', values.citizens, demoSize.citizens),
    businesses: whole('businesses', values.businesses, demoSize.businesses),
    procedures: whole('procedures', values.procedures, demoSize.procedures),
    dossiers: whole('dossiers', values.dossiers, demoSize.dossiers),
    seed: whole('seed', values.seed, demoSize.seed),
  };
  const problem = worldSizeProblem(size);
  if (problem) throw new UsageError(problem);
  const handles = await openHandles(subgraphNames);
  const progress = createProgress();
  try {
    const report = await seedWorld({
      size,
      handles,
      reset: values.reset,
      rebuildIndexes: size.citizens + size.dossiers > 20_000,
      progress,
    });
    progress.stop();
    const peakRssMiB = process.resourceUsage().maxRSS / 1024;
    console.log(`\nseeded in ${report.seconds.toFixed(1)} s, peak RSS ${peakRssMiB.toFixed(0)} MiB`);
    for (const t of report.tables)
      console.log(
        `  ${`${t.subgraph}.${t.table}`.padEnd(34)} ${number.format(t.rows).padStart(11)} rows ${number
          .format(Math.round(t.rows / Math.max(t.seconds, 1e-3)))
          .padStart(11)} rows/s`,
      );
    if (values['report-json'])
      writeFileSync(values['report-json'], JSON.stringify({ ...report, size, peakRssMiB }, null, 2));
  } finally {
    progress.stop();
    await closeAll(handles);
  }
}

async function importCommand(args: string[]) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { kind: { type: 'string' }, 'skip-invalid': { type: 'boolean', default: false } },
  });
  const kind = values.kind as ImportKind;
  if (!importKinds.includes(kind)) throw new UsageError(`--kind must be one of ${importKinds.join(', ')}`);
  const [file] = positionals;
  if (!file || positionals.length > 1) throw new UsageError('give exactly one file to import');
  if (!/\.(csv|jsonl)$/i.test(file)) throw new UsageError(`'${file}' is neither .csv nor .jsonl`);
  const handles = await openHandles(subgraphNames);
  try {
    const report = await importRecords({ kind, file, handles, skipInvalid: values['skip-invalid'] });
    printProblems(report.problems);
    console.log(
      `imported ${number.format(report.written)} ${kind} (${number.format(report.inserted)} new, ${number.format(report.written - report.inserted)} updated); ${number.format(report.problems.length)} invalid rows skipped`,
    );
  } finally {
    await closeAll(handles);
  }
}

const [command, ...rest] = process.argv.slice(2);
const run = command === 'import' ? () => importCommand(rest) : () => seedCommand(process.argv.slice(2));
run().then(
  () => process.exit(0),
  (error: unknown) => {
    if (
      error instanceof UsageError ||
      error instanceof EnvError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      console.error(`${(error as Error).message}\n\n${usage}`);
      process.exit(2);
    }
    if (error instanceof SeedRefused) {
      console.error(error.message);
      process.exit(3);
    }
    if (error instanceof ImportRejected) {
      printProblems(error.problems);
      console.error(error.message);
      process.exit(4);
    }
    console.error(error);
    process.exit(1);
  },
);
