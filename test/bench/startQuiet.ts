import { spawn } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../runtime/env.ts';
import { type BenchConfig, type Service } from './benchConfig.ts';
import { getText } from './getText.ts';
import { subgraphNames } from '../../runtime/subgraphNames.ts';
import { freePort } from '../support/freePort.ts';

/**
 * Starts an entry file on the given port with logging at warn (one log line per request would load
 * the machine being measured) and waits until /health answers.
 */
export async function startQuiet(
  config: Pick<BenchConfig, 'profile'>,
  entry: string,
  args: string[],
  env: Record<string, string>,
  port: number,
  urlPath: string,
  more: {
    /** The CA of the certificate it serves HTTPS with (SUBGRAPH_TLS_CERT_FILE in env), PEM. */
    ca?: string;
    /** The checkout it runs from (a baseline's worktree); default this one. */
    root?: string;
  } = {},
): Promise<Service> {
  const { ca, root = projectRoot } = more;
  // `--profile <dir>`: each process writes a V8 CPU profile there when it exits (open in Chrome DevTools).
  const profile = config.profile ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(config.profile)}`] : [];
  const child = spawn(process.execPath, [...profile, '--import', 'tsx', entry, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `${ca ? 'https' : 'http'}://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 250) {
    if (child.exitCode !== null) throw new Error(`${entry} ${args.join(' ')} exited with ${child.exitCode}`);
    const up = await getText(`${base}/health`, ca).then(
      (r) => r.status === 200,
      () => false,
    );
    if (up) break;
    if (waited > 300_000) throw new Error(`${entry} did not start`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url: `${base}${urlPath}`,
    process: child,
    ca,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/**
 * The four subgraphs, each started quietly on a free port with `env`: this checkout's entry, or another
 * checkout's (a baseline: `root` and its `entry`); `ca` when they serve HTTPS.
 */
export async function startSubgraphs(
  config: Pick<BenchConfig, 'profile'>,
  env: Record<string, string>,
  more: { ca?: string; root?: string; entry?: string } = {},
): Promise<Service[]> {
  const ports = await Promise.all(subgraphNames.map(() => freePort()));
  return Promise.all(
    subgraphNames.map((name, i) =>
      startQuiet(
        config,
        more.entry ?? 'bin/subgraph.ts',
        [name],
        { ...env, [`${name.toUpperCase()}_PORT`]: String(ports[i]) },
        ports[i] as number,
        '/graphql',
        { ca: more.ca, root: more.root },
      ),
    ),
  );
}
