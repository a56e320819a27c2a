import { spawn, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import { projectRoot } from '../../runtime/env.ts';
import { slow } from './slow.ts';

export interface Service {
  url: string;
  /** Where a gateway serves /metrics (its operator port); a subgraph serves it at its own URL. */
  metricsUrl: string;
  process: ChildProcess;
  /** Every line the process has written so far (its JSON log). */
  logs(): string[];
  /** Sends SIGTERM and resolves with the exit code once the process has exited. */
  stop(): Promise<number | null>;
}

/**
 * Starts one of the project's entry files in its own Node process and resolves with the URL it logs
 * once listening (`{"msg": readyMessage, "url": ...}` on stdout). Rejects if it exits first.
 */
export function spawnService(
  entry: string,
  args: string[],
  env: Record<string, string>,
  readyMessage: string,
  timeoutMs = slow(120_000),
): Promise<Service> {
  // One Node process with tsx's loader (not the tsx CLI, which relays signals to a child process of its own).
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    cwd: projectRoot,
    // As users run it: development unless the test asks for production (never NODE_ENV=test, under
    // which libraries behave otherwise: Apollo Server's signal handlers, for one).
    // Any free operator port, so that gateways of several tests never collide on the default one.
    env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'info', METRICS_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const output: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${entry} ${args.join(' ')} did not start in time:\n${output.join('')}`));
    }, timeoutMs);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} ${args.join(' ')} exited with ${code}:\n${output.join('')}`));
    });
    readline.createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      output.push(`${line}\n`);
      let entryLog: { msg?: string; url?: string; metricsUrl?: string };
      try {
        entryLog = JSON.parse(line);
      } catch {
        return;
      }
      // A process that serves nothing (the webhook worker) says it is ready without a URL.
      if (entryLog.msg === readyMessage && (entryLog.url || readyMessage.endsWith('ready'))) {
        clearTimeout(timer);
        resolve({
          url: entryLog.url ?? '',
          metricsUrl: entryLog.metricsUrl ?? entryLog.url ?? '',
          process: child,
          logs: () => output.join('').split('\n'),
          stop: () => {
            if (child.exitCode === null) child.kill('SIGTERM');
            return exited;
          },
        });
      }
    });
  });
}
