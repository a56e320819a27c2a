import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../runtime/env.ts';
import { scopes } from '../runtime/scopes.ts';
import { subgraphNames } from '../runtime/subgraphNames.ts';

describe('scopes', () => {
  it('are named once: the SDL requires no scope that runtime/scopes.ts does not name, and uses them all', () => {
    const known = new Set<string>(Object.values(scopes));
    const required = new Set<string>();
    for (const name of subgraphNames) {
      const sdl = readFileSync(path.join(projectRoot, 'subgraphs', name, 'schema.graphql'), 'utf8');
      for (const directive of sdl.matchAll(/@requiresScopes\(scopes: (\[[^@]*?\]\])\)/g))
        for (const scope of (directive[1] ?? '').matchAll(/"([^"]+)"/g)) required.add(scope[1] ?? '');
    }
    expect(required.size).toBeGreaterThan(5);
    expect([...required].filter((s) => !known.has(s))).toEqual([]);
    expect([...known].filter((s) => !required.has(s))).toEqual([]);
  });
});
