import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../runtime/env.ts';
import { subgraphNames } from '../../runtime/subgraphNames.ts';
import { slow } from '../support/slow.ts';
import { spawnService, type Service } from '../support/spawnService.ts';
import { spawnSubgraphs } from '../support/spawnSubgraphs.ts';

// The gateway reloads its supergraph file without dropping a request: one gateway notices a changed
// file by itself (a deployment renames the new file over the old), another is told with SIGHUP
// (SUPERGRAPH_WATCH_MS=0). Both are under a steady load from the first change to the last; a file that
// does not load leaves the old supergraph serving, and the log says why.
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'reload-e2e-'));
const committed = readFileSync(path.join(projectRoot, 'supergraph.graphql'), 'utf8');
const original = 'Business subgraph: the national business registration database.';
const version = (marker: string) => committed.replace(original, marker);
let subgraphs: Record<string, Service> = {};
const gateways: Record<'watching' | 'hangup', { service?: Service; file: string }> = {
  watching: { file: path.join(dataDir, 'watching', 'supergraph.graphql') },
  hangup: { file: path.join(dataDir, 'hangup', 'supergraph.graphql') },
};

/** Writes a file as a deployment does: a new file renamed over the old one. */
function deploy(file: string, text: string) {
  writeFileSync(`${file}.new`, text);
  renameSync(`${file}.new`, file);
}

beforeAll(async () => {
  subgraphs = await spawnSubgraphs(dataDir);
  for (const [name, gateway] of Object.entries(gateways)) {
    mkdirSync(path.dirname(gateway.file), { recursive: true });
    writeFileSync(gateway.file, committed);
    gateway.service = await spawnService(
      'bin/gateway.ts',
      [],
      {
        GATEWAY_PORT: '0',
        DATA_DIR: dataDir,
        SUPERGRAPH_PATH: gateway.file,
        SUPERGRAPH_WATCH_MS: name === 'watching' ? '200' : '0',
        ...Object.fromEntries(
          subgraphNames.map((subgraph) => [`${subgraph.toUpperCase()}_URL`, subgraphs[subgraph]?.url ?? '']),
        ),
      },
      'gateway listening',
    );
  }
}, slow(300_000));

afterAll(async () => {
  await Promise.all(
    [...Object.values(gateways).map((g) => g.service), ...Object.values(subgraphs)].map((s) => s?.stop()),
  );
  rmSync(dataDir, { recursive: true, force: true });
});

async function queryDescription(url: string): Promise<string | null> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ __type(name: "Query") { description } }' }),
  });
  const body = (await response.json()) as { data?: { __type?: { description: string | null } } };
  return body.data?.__type?.description ?? null;
}

/** Polls until the gateway serves the marker (at most a minute): what a reload looks like from outside. */
async function servedMarker(url: string, marker: string) {
  for (let i = 0; i < 600; i += 1) {
    if ((await queryDescription(url)) === marker) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** Waits for a log line of the process with this message, after the n-th such line already seen. */
async function logged(service: Service | undefined, message: string, count: number) {
  for (let i = 0; i < 600; i += 1) {
    const lines = (service?.logs() ?? []).filter((line) => line.includes(`"msg":"${message}"`));
    if (lines.length > count) return lines.at(-1) ?? '';
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return '';
}

/** Sends a steady stream of public queries (four at a time) to each gateway until stopped. */
function steadyLoad() {
  let running = true;
  const outcomes = { answered: 0, failed: [] as string[] };
  const worker = async (url: string) => {
    while (running) {
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ procedures(first: 2) { totalCount nodes { code name } } }' }),
        });
        const body = (await response.json()) as { errors?: unknown[]; data?: { procedures?: unknown } };
        if (response.status === 200 && !body.errors && body.data?.procedures) outcomes.answered += 1;
        else outcomes.failed.push(`${response.status} ${JSON.stringify(body).slice(0, 300)}`);
      } catch (error) {
        outcomes.failed.push(String(error));
      }
    }
  };
  const workers = Object.values(gateways).flatMap((g) =>
    [1, 2, 3, 4].map(() => worker(g.service?.url ?? '')),
  );
  return {
    outcomes,
    stop: async () => {
      running = false;
      await Promise.all(workers);
      return outcomes;
    },
  };
}

describe('supergraph reload', () => {
  it('takes a changed file or a SIGHUP without dropping a request, and keeps the old one when the new does not load', async () => {
    const { watching, hangup } = gateways;
    expect(await queryDescription(watching.service?.url ?? '')).toBe(original);
    const load = steadyLoad();
    try {
      // A new file, noticed by the watching gateway; the other one waits to be told.
      deploy(watching.file, version('Supergraph v2'));
      deploy(hangup.file, version('Supergraph v2'));
      expect(await servedMarker(watching.service?.url ?? '', 'Supergraph v2')).toBe(true);
      expect(await queryDescription(hangup.service?.url ?? '')).toBe(original);
      hangup.service?.process.kill('SIGHUP');
      expect(await servedMarker(hangup.service?.url ?? '', 'Supergraph v2')).toBe(true);
      expect(await logged(hangup.service, 'supergraph reloaded', 0)).toContain('"trigger":"SIGHUP"');
      expect(await logged(watching.service, 'supergraph reloaded', 0)).toContain('"trigger":"file changed"');

      // A broken file (an edit half-done, a wrong file): the old supergraph keeps serving, the log says why.
      deploy(watching.file, 'type Query {');
      deploy(hangup.file, committed.replace('@join__graph(name: "population"', '@join__graph(name: 42'));
      hangup.service?.process.kill('SIGHUP');
      const refused = await Promise.all(
        [watching, hangup].map((g) => logged(g.service, 'supergraph not reloaded: kept the one serving', 0)),
      );
      for (const line of refused) expect(JSON.parse(line).reason).toMatch(/\S/);
      for (const g of [watching, hangup])
        expect(await queryDescription(g.service?.url ?? '')).toBe('Supergraph v2');

      // And the next good file loads again.
      deploy(watching.file, version('Supergraph v3'));
      expect(await servedMarker(watching.service?.url ?? '', 'Supergraph v3')).toBe(true);
    } finally {
      const outcomes = await load.stop();
      expect(outcomes.failed).toEqual([]);
      expect(outcomes.answered).toBeGreaterThan(50);
    }
    const metrics = await (await fetch(new URL('/metrics', watching.service?.metricsUrl))).text();
    expect(metrics).toMatch(/^supergraph_reloads_total\{result="loaded"[^}]*\} 2$/m);
    expect(metrics).toMatch(/^supergraph_reloads_total\{result="failed"[^}]*\} 1$/m);
  });
});
