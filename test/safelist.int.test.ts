import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSafelist } from '../gateway/operationSafelist.ts';
import { projectRoot } from '../runtime/env.ts';
import { createInProcessSupergraph, type InProcessSupergraph } from './support/inProcessSupergraph.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'safelist-'));
const registered = `query PortalProcedures($first: Int) {
  procedures(first: $first) { totalCount nodes { code name } }
}`;
let graph: InProcessSupergraph;

beforeAll(async () => {
  const operations = path.join(dir, 'operations');
  mkdirSync(operations);
  writeFileSync(path.join(operations, 'procedures.graphql'), registered);
  // The portal's deploy step, as an operator runs it.
  execFileSync(process.execPath, ['--import', 'tsx', 'bin/registerOperations.ts', operations], {
    cwd: projectRoot,
    env: { ...process.env, SAFELIST_PATH: path.join(dir, 'safelist.json') },
  });
  graph = await createInProcessSupergraph({ safelist: readSafelist(path.join(dir, 'safelist.json')) });
});
afterAll(async () => {
  await graph?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('persisted-operation safelist', () => {
  it('serves a registered operation, however it is spaced', async () => {
    const result = await graph.query(registered.replace(/\s+/g, ' '), { first: 2 }, { token: null });
    expect(result.errors).toBeUndefined();
    expect((result.data?.procedures as any).nodes).toHaveLength(2);
  });

  it('refuses any other operation with FORBIDDEN before planning it', async () => {
    graph.resetStatements();
    const result = await graph.query(`{ procedures(first: 2) { totalCount } }`, undefined, { token: null });
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'OPERATION_NOT_SAFELISTED',
    });
    expect(Object.values(graph.statementCounts()).reduce((a, b) => a + b, 0)).toBe(0);
  });
});
