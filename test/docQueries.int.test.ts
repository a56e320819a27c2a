import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../runtime/env.ts';
import { createInProcessSupergraph, type InProcessSupergraph } from './support/inProcessSupergraph.ts';

interface DocQuery {
  name: string;
  query: string;
  variables: Record<string, unknown>;
  caller: Record<string, string>;
}

/**
 * The queries of docs/use-cases.md: each ```graphql block, the ```json block after it (its variables)
 * and the `<!-- caller: ... -->` comment before it (the token's scope and agency, the purpose and dossier
 * headers, or `public` for no token).
 */
function docQueries(file: string): DocQuery[] {
  const text = readFileSync(file, 'utf8');
  const blocks = [
    ...text.matchAll(/<!-- caller: ([^>]*) -->\s*```graphql\n([\s\S]*?)```(?:\s*```json\n([\s\S]*?)```)?/g),
  ];
  return blocks.map(([, caller = '', query = '', variables]) => ({
    name: /(?:query|mutation) (\w+)/.exec(query)?.[1] ?? query.slice(0, 40),
    query,
    variables: variables ? (JSON.parse(variables) as Record<string, unknown>) : {},
    caller: Object.fromEntries([...caller.matchAll(/(\w+)="([^"]*)"/g)].map(([, k = '', v = '']) => [k, v])),
  }));
}

const queries = docQueries(path.join(projectRoot, 'docs/use-cases.md'));
let graph: InProcessSupergraph;
beforeAll(async () => {
  graph = await createInProcessSupergraph();
});
afterAll(() => graph?.close());

describe('docs/use-cases.md', () => {
  it('has the seven use cases with their queries', () => {
    expect(queries.map((q) => q.name)).toEqual([
      'CitizenForDossier',
      'VerifyApplicant',
      'Worklist',
      'FileBirthRegistration',
      'Track',
      'WhatIsLoaded',
      'Probe',
      'FollowChanges',
      'HeldDocuments',
      'FileWithEDocument',
    ]);
  });

  it.each(queries.map((q) => [q.name, q] as const))(
    '%s works on the demo data as written',
    async (_name, q) => {
      const token = q.caller.scope
        ? await graph.token({ sub: 'docs-reader', agency: q.caller.agency ?? null, scope: q.caller.scope })
        : null;
      const result = await graph.query(q.query, q.variables, {
        token,
        purpose: q.caller.purpose ?? null,
        dossierCode: q.caller.dossier,
      });
      expect(result.errors).toBeUndefined();
      const fields = Object.entries(result.data ?? {});
      expect(fields.length, 'the query answered no field').toBeGreaterThan(0);
      for (const [field, value] of fields) expect(value, field).not.toBeNull();
      const json = JSON.stringify(result.data);
      if (q.name === 'CitizenForDossier') expect(json).toContain('"personalId":"022303000013"');
      if (q.name === 'Worklist')
        expect((result.data?.dossiers as { nodes: unknown[] }).nodes.length).toBeGreaterThan(5);
      if (q.name === 'FileBirthRegistration') expect(json).toContain('CITIZEN_REGISTRY');
      if (q.name === 'HeldDocuments') expect(json).toContain('"code":"TRICH_LUC_KHAI_TU"');
      if (q.name === 'FileWithEDocument') {
        expect(json).toContain('"source":"E_DOCUMENT"');
        expect(json).toContain('"source":"FORM"');
      }
      // The 300 demo dossiers, and the one use case 3 filed.
      // The seed writes no changes: the one use case 3 filed is there.
      if (q.name === 'FollowChanges')
        expect((result.data?.dossierEvents as { nodes: unknown[] }).nodes.length).toBeGreaterThan(0);
      if (q.name === 'WhatIsLoaded')
        expect((result.data?.dossierStatistics as { total: number }).total).toBeGreaterThanOrEqual(300);
    },
  );
});

// #26 point 22: docs/use-cases.md's status sync began with a token command that exited 2. Every
// `npm run -s token -- …` line of the README and the docs runs as written (continuation lines joined).
describe('the token commands of the README and the docs', () => {
  const commands = [
    'README.md',
    'docs/use-cases.md',
    'docs/integrators.md',
    'docs/dossiers.md',
    'docs/deployment.md',
  ].flatMap(
    (file) =>
      [
        ...readFileSync(path.join(projectRoot, file), 'utf8')
          .replace(/\\\n\s*/g, ' ')
          .matchAll(/npm run -s token -- ([^)\n`]*)/g),
      ]
        .map(([, args = '']) => [file, args.trim()] as const)
        .filter(([, args]) => !args.includes('<')), // a usage line, not a command
  );
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'doc-tokens-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('finds them', () => expect(commands.length).toBeGreaterThanOrEqual(5));

  it.each(commands)('%s: npm run -s token -- %s', (_file, args) => {
    const argv = [...args.matchAll(/"([^"]*)"|(\S+)/g)].map(([, quoted, bare]) => quoted ?? bare ?? '');
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'bin/token.ts', ...argv], {
      cwd: projectRoot,
      env: { ...process.env, NODE_ENV: 'development', DATA_DIR: dataDir },
      encoding: 'utf8',
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
  });
});
