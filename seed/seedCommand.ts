import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDb, type DbHandle } from '../subgraphs/kit/createDb.ts';
import { EnvError, loadEnv } from '../runtime/env.ts';
import type { DocumentSigner } from './resultDocuments.ts';
import { subgraphNames, type SubgraphName } from '../runtime/subgraphNames.ts';
import { createProgress } from './createProgress.ts';
import {
  ImportRejected,
  importKinds,
  importRecords,
  type ImportKind,
  type ImportProblem,
} from './importRecords.ts';
import { SeedRefused, seedWorld } from './seedWorld.ts';
import { type WorldSize } from './worldSize.ts';
import { worldSizeProblem } from './worldSize.ts';
import { demoSize } from './worldSize.ts';

const usage = `usage:
  npm run seed -- [--citizens N] [--businesses N] [--procedures N] [--dossiers N] [--seed S] [--reset]
  npm run seed -- import --kind ${importKinds.join('|')} <file.csv|file.jsonl> [--skip-invalid]

Writes to DATABASE_URL (or <SUBGRAPH>_DATABASE_URL), else to the embedded databases under DATA_DIR
(stop \`npm start\` first: an embedded database has one user at a time).`;

/** What the command reads and writes besides its arguments, so that tests can run it in-process. */
export interface SeedCommandIo {
  openHandles(names: readonly SubgraphName[]): Promise<Partial<Record<SubgraphName, DbHandle>>>;
  log(line: string): void;
  error(line: string): void;
  /** Draw a progress bar on stderr. */
  progress?: boolean;
  /**
   * Called after --reset emptied the population database, access log included: its witnessed
   * checkpoints no longer describe it (bin/seed.ts sets the development witness aside).
   */
  onAccessLogReset?(): Promise<string | null>;
  /** The agencies' document-signing keys (bin/seed.ts: the store's, from the environment); default: unpublished keys. */
  signer?: DocumentSigner;
}

/** Thrown for a wrong command line: printed with the usage, exit code 2. */
class UsageError extends Error {}

const whole = (name: string, raw: string | undefined, fallback: number) => {
  if (raw === undefined) return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isSafeInteger(value) || value < 0)
    throw new UsageError(`--${name} '${raw}' is not a whole number ≥ 0`);
  return value;
};

/** Where the command writes: the databases of the environment (DATABASE_URL, ..., or PGlite under DATA_DIR), migrated. */
export async function openHandlesFromEnv(
  names: readonly SubgraphName[],
): Promise<Partial<Record<SubgraphName, DbHandle>>> {
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
function printProblems(io: SeedCommandIo, problems: ImportProblem[]) {
  for (const problem of problems.slice(0, 100))
    io.error(`  line ${problem.line}, ${problem.column}: ${problem.reason}`);
  if (problems.length > 100) io.error(`  … and ${problems.length - 100} more`);
}

async function seedCommand(args: string[], io: SeedCommandIo) {
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
  const handles = await io.openHandles(subgraphNames);
  const progress = io.progress ? createProgress() : undefined;
  try {
    const report = await seedWorld({
      size,
      handles,
      reset: values.reset,
      rebuildIndexes: size.citizens + size.dossiers > 20_000,
      progress,
      signer: io.signer,
    });
    progress?.stop();
    if (values.reset) {
      const said = await io.onAccessLogReset?.();
      if (said) io.log(said);
    }
    const peakRssMiB = process.resourceUsage().maxRSS / 1024;
    io.log(`\nseeded in ${report.seconds.toFixed(1)} s, peak RSS ${peakRssMiB.toFixed(0)} MiB`);
    for (const t of report.tables)
      io.log(
        `  ${`${t.subgraph}.${t.table}`.padEnd(34)} ${number.format(t.rows).padStart(11)} rows ${number
          .format(Math.round(t.rows / Math.max(t.seconds, 1e-3)))
          .padStart(11)} rows/s`,
      );
    if (values['report-json'])
      writeFileSync(values['report-json'], JSON.stringify({ ...report, size, peakRssMiB }, null, 2));
  } finally {
    progress?.stop();
    await closeAll(handles);
  }
}

async function importCommand(args: string[], io: SeedCommandIo) {
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
  const handles = await io.openHandles(subgraphNames);
  try {
    const report = await importRecords({ kind, file, handles, skipInvalid: values['skip-invalid'] });
    printProblems(io, report.problems);
    io.log(
      `imported ${number.format(report.written)} ${kind} (${number.format(report.inserted)} new, ${number.format(report.written - report.inserted)} updated); ${number.format(new Set(report.problems.map((p) => p.line)).size)} invalid rows skipped`,
    );
  } finally {
    await closeAll(handles);
  }
}

/**
 * `npm run seed -- ...`: generates a world or imports a file; resolves with the exit code (0 done,
 * 1 failure, 2 wrong command line, 3 database holds data and no --reset, 4 file rejected).
 */
export async function runSeedCommand(argv: string[], io: SeedCommandIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === 'import') await importCommand(rest, io);
    else await seedCommand(argv, io);
    return 0;
  } catch (error) {
    if (
      error instanceof UsageError ||
      error instanceof EnvError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      io.error(`${(error as Error).message}\n\n${usage}`);
      return 2;
    }
    if (error instanceof SeedRefused) {
      io.error(error.message);
      return 3;
    }
    if (error instanceof ImportRejected) {
      printProblems(io, error.problems);
      io.error(error.message);
      return 4;
    }
    io.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    return 1;
  }
}
