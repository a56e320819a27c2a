import { readFileSync } from 'node:fs';
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
  it('has the six use cases with their queries', () => {
    expect(queries.map((q) => q.name)).toEqual([
      'CitizenForDossier',
      'VerifyApplicant',
      'Worklist',
      'FileBirthRegistration',
      'Track',
      'WhatIsLoaded',
      'Probe',
      'FollowChanges',
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
      if (q.name === 'CitizenForDossier') expect(json).toMatch(/"relationshipToHead":"Chủ hộ"/);
      if (q.name === 'Worklist')
        expect((result.data?.dossiers as { nodes: unknown[] }).nodes.length).toBeGreaterThan(5);
      if (q.name === 'FileBirthRegistration') expect(json).toContain('CITIZEN_REGISTRY');
      // The 300 demo dossiers, and the one use case 3 filed.
      // The seed writes no changes: the one use case 3 filed is there.
      if (q.name === 'FollowChanges')
        expect((result.data?.dossierEvents as { nodes: unknown[] }).nodes.length).toBeGreaterThan(0);
      if (q.name === 'WhatIsLoaded')
        expect((result.data?.dossierStatistics as { total: number }).total).toBeGreaterThanOrEqual(300);
    },
  );
});
