import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../runtime/env.ts';
import { log, type BenchConfig } from './benchConfig.ts';
import { ensureSeeded } from './benchData.ts';

/** Another commit of this repository, checked out and installed, to run beside this one. */
export interface Baseline {
  sha: string;
  /** Its worktree. */
  root: string;
  gatewayEntry: string;
  subgraphEntry: string;
  /** Its own database on the same server, seeded by its own seed at the run's size. */
  databaseUrl: string;
}

/** The entry file a package.json script runs (`node --import tsx bin/gateway.ts` → bin/gateway.ts). */
function entryOf(scripts: Record<string, string>, script: string, fallback: string): string {
  return /(\S+\.ts)\b/.exec(scripts[script] ?? '')?.[1] ?? fallback;
}

/**
 * `--baseline <git ref>`: that commit in a worktree under the temporary directory (kept between runs,
 * keyed by commit), with its own `npm ci`, and its own database seeded by its own seed at the same size:
 * a commit from before a migration cannot run on the schema after it, so it runs on the schema and the
 * generated data it was written for, on the same PostgreSQL server.
 */
export async function prepareBaseline(
  ref: string,
  config: Pick<BenchConfig, 'size' | 'databaseUrl'>,
): Promise<Baseline> {
  const git = (...args: string[]) => execFileSync('git', args, { cwd: projectRoot, encoding: 'utf8' }).trim();
  const sha = git('rev-parse', '--verify', `${ref}^{commit}`);
  const root = path.join(os.tmpdir(), `bench-baseline-${sha.slice(0, 12)}`);
  if (!existsSync(path.join(root, 'package.json'))) {
    git('worktree', 'prune');
    log(`baseline ${ref} (${sha.slice(0, 12)}): git worktree add ${root}`);
    git('worktree', 'add', '--force', '--detach', root, sha);
  }
  if (!existsSync(path.join(root, 'node_modules', '.package-lock.json'))) {
    log(`baseline ${sha.slice(0, 12)}: npm ci`);
    const installed = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (installed.status !== 0) throw new Error(`npm ci of the baseline ${sha} failed`);
  }
  const scripts = (
    JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts;
  const url = new URL(config.databaseUrl);
  url.pathname = `${url.pathname}_${sha.slice(0, 7)}`;
  const baseline: Baseline = {
    sha,
    root,
    // Before the entries moved to bin/ (the wave this baseline measures), they were these files.
    gatewayEntry: entryOf(scripts, 'start:gateway', 'gateway/main.ts'),
    subgraphEntry: entryOf(scripts, 'start:subgraph', 'subgraphs/main.ts'),
    databaseUrl: url.toString(),
  };
  await ensureSeeded(
    { size: config.size, databaseUrl: baseline.databaseUrl },
    { root, entry: entryOf(scripts, 'seed', 'bin/seed.ts') },
  );
  return baseline;
}
