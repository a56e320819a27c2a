import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../runtime/env.ts';

// Every extensions.code a client can see is in the README's error list and in docs/integrators.md's
// table, which says when it comes: the codes of our ErrorCode type, every code the servers write
// literally, and those Apollo Server itself answers with.
const apolloCodes = ['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST'];

function sources(dir: string): string[] {
  return readdirSync(path.join(projectRoot, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

function codesUsed(): Set<string> {
  const codes = new Set(apolloCodes);
  const union = readFileSync(path.join(projectRoot, 'runtime/errors.ts'), 'utf8').match(
    /export type ErrorCode =([^;]+);/,
  );
  for (const [, code] of union?.[1].matchAll(/'([A-Z_]+)'/g) ?? []) codes.add(code);
  const literal =
    /(?:gqlError\(|sendError\(\w+, \d+, |\bcode: )'([A-Z][A-Z_]+)'|'([A-Z][A-Z_]+)' satisfies ErrorCode/g;
  for (const file of ['gateway', 'runtime', 'subgraphs', 'bin', 'seed'].flatMap(sources))
    for (const match of readFileSync(file, 'utf8').matchAll(literal)) codes.add(match[1] ?? match[2]);
  return codes;
}

const backticked = (text: string) => new Set([...text.matchAll(/`([A-Z][A-Z_]+)`/g)].map((m) => m[1]));

describe('the error list', () => {
  const used = codesUsed();

  it('finds the codes in the source (the scan itself works)', () => {
    for (const code of ['BAD_USER_INPUT', 'DATABASE_UNAVAILABLE', 'SUBGRAPH_UNAVAILABLE', 'BAD_REQUEST'])
      expect(used).toContain(code);
  });

  it('README lists every code a client can see', () => {
    const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
    const list = readme.match(/Error codes \(`extensions\.code`\):([^]*?)\n\n/)?.[1] ?? '';
    expect([...used].filter((code) => !backticked(list).has(code))).toEqual([]);
  });

  it('docs/integrators.md says when each comes', () => {
    const doc = readFileSync(path.join(projectRoot, 'docs/integrators.md'), 'utf8');
    const table = doc.match(/## Errors([^]*?)\n## /)?.[1] ?? '';
    const rows = table.split('\n').filter((line) => line.startsWith('| `'));
    const documented = new Set(rows.flatMap((row) => [...backticked(row.split('|')[1])]));
    expect([...used].filter((code) => !documented.has(code))).toEqual([]);
  });
});
