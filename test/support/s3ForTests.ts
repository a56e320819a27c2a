import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectRoot } from '../../runtime/env.ts';
import { freePort } from './freePort.ts';
import { slow } from './slow.ts';

/** s3rver (a devDependency): a real S3-compatible HTTP server that checks SigV4 signatures. */
const s3rverBin = path.join(projectRoot, 'node_modules', 's3rver', 'bin', 's3rver.js');

/** REQUIRE_S3_TESTS=1 (set by .ci/run): no S3 server to start fails these tests instead of skipping them. */
export const s3TestsRequired = process.env.REQUIRE_S3_TESTS === '1';

/** The access key s3rver accepts (its documented default); anything else fails its signature check. */
export const s3rverCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** Whether to run the S3 tests: yes when s3rver is installed; when not, said loudly, and a failure where CI requires them. */
export function s3ForTests(suite: string): boolean {
  if (existsSync(s3rverBin)) return true;
  if (s3TestsRequired) throw new Error(`${suite}: REQUIRE_S3_TESTS=1 but s3rver is not installed (npm ci)`);
  console.warn(
    `\n!!! ${suite}: SKIPPED, no S3 server to run (s3rver, a devDependency: npm ci). ` +
      'CI sets REQUIRE_S3_TESTS=1 and fails without it. !!!\n',
  );
  return false;
}

export interface S3Server {
  endpoint: string;
  bucket: string;
  stop(): Promise<void>;
}

/** Starts s3rver in its own process on a free loopback port, with one empty bucket. */
export async function startS3Server(bucket = 'scans'): Promise<S3Server> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 's3rver-'));
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      s3rverBin,
      '--silent',
      '--directory',
      dir,
      '--address',
      '127.0.0.1',
      '--port',
      String(port),
      '--configure-bucket',
      bucket,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`s3rver did not start:\n${output.join('')}`));
    }, slow(30_000));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`s3rver exited with ${code}:\n${output.join('')}`));
    });
    child.stdout?.on('data', (chunk: Buffer) => {
      output.push(chunk.toString());
      if (output.join('').includes('listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
