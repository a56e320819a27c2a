import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../runtime/env.ts';
import { subgraphNames } from '../../runtime/subgraphNames.ts';
import { callerHeaders } from '../../runtime/caller.ts';
import { hasOpenssl } from './makeCertificates.ts';

const binary = path.join(projectRoot, 'node_modules/@grafbase/cli-x86_64-unknown-linux-musl/grafbase');

/** Why Grafbase cannot run here, or null when it can (its binary from `npm ci` on Linux x64, and openssl). */
export const grafbaseMissing = () =>
  !existsSync(binary)
    ? `${path.relative(projectRoot, binary)} is missing (npm ci installs it on Linux x64)`
    : !hasOpenssl()
      ? 'openssl is missing (it makes the mutual-TLS certificates)'
      : null;

/**
 * Grafbase's engine (`grafbase dev`, offline, composing from the subgraphs' SDL files), for the e2e suite
 * and the bench, in front of subgraphs that serve mutual TLS: its message signatures cannot cover the body, so it presents the
 * client certificate the bench's CA issued (docs/deployment.md "Grafbase"). It forwards the client's
 * Authorization, X-Purpose, X-Dossier-Code and X-Request-Id, which every subgraph verifies and logs under.
 * Its in-flight de-duplication of subgraph fetches is switched off, as Hive's is (see hiveGateway.ts):
 * the bench counts the access records each target leaves, so a merge would show. Resolves once it answers.
 */
export async function startGrafbase(
  dataDir: string,
  port: number,
  subgraphs: Record<string, { url: string }>,
  certs: { ca: string; clientCert: string; clientKey: string },
): Promise<{ url: string; process: ChildProcess; stop(): Promise<void> }> {
  const identity = path.join(dataDir, 'grafbase-client-identity.pem');
  writeFileSync(identity, readFileSync(certs.clientCert, 'utf8') + readFileSync(certs.clientKey, 'utf8'));
  // Every caller header, as our gateway forwards them (runtime/caller.ts is their one list).
  const forwarded = callerHeaders
    .map((name) => `[[headers]]\nrule = "forward"\nname = "${name}"\n`)
    .join('\n');
  const subgraphConfig = subgraphNames
    .map(
      (name) => `[subgraphs.${name}]
url = "${subgraphs[name]?.url}"
schema_path = "${path.join(projectRoot, 'subgraphs', name, 'schema.graphql')}"

[subgraphs.${name}.mtls]
identity = "${identity}"
root = { certificate = "${certs.ca}", is_bundle = false }
`,
    )
    .join('\n');
  const config = path.join(dataDir, 'grafbase.toml');
  writeFileSync(
    config,
    `[network]\nlisten_address = "127.0.0.1:${port}"\n\n[traffic_shaping]\ninflight_deduplication = false\n\n${forwarded}\n${subgraphConfig}`,
  );
  const output: string[] = [];
  const child = spawn(binary, ['dev', '--config', config, '--port', String(port)], {
    cwd: dataDir,
    env: { ...process.env, HOME: dataDir, GRAFBASE_HOME: path.join(dataDir, '.grafbase') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}/graphql`;
  for (let waited = 0; ; waited += 250) {
    if (child.exitCode !== null) throw new Error(`grafbase dev exited:\n${output.join('')}`);
    const up = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    }).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (waited > 120_000) throw new Error(`grafbase dev did not answer at ${url}:\n${output.join('')}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    process: child,
    stop: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}
