import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { publicSubgraphs } from '../gateway/createGatewayServer.ts';
import { projectRoot } from '../runtime/env.ts';

// The gateway shares a public subgraph's answers between callers for a few seconds. That is safe only
// while nothing the subgraph answers depends on who asks: no scope or authentication directive in its
// schema, no caller in its code. A change that adds one must take the subgraph off the public list.
describe('public subgraphs', () => {
  it.each([...publicSubgraphs])('%s answers everyone alike', (name) => {
    const dir = path.join(projectRoot, 'subgraphs', name);
    const sdl = readFileSync(path.join(dir, 'schema.graphql'), 'utf8');
    expect(sdl).not.toMatch(/@(requiresScopes|authenticated|policy)\b/);
    const sources = readdirSync(dir).filter((file) => file.endsWith('.ts'));
    expect(sources.length).toBeGreaterThan(0);
    for (const file of sources)
      expect(readFileSync(path.join(dir, file), 'utf8'), file).not.toMatch(/\bcaller\b|request\.caller/);
  });

  it('does not list a subgraph that guards its data by caller', () => {
    const guarded = ['population', 'business', 'dossiers'].filter((name) =>
      /@requiresScopes\b/.test(
        readFileSync(path.join(projectRoot, 'subgraphs', name, 'schema.graphql'), 'utf8'),
      ),
    );
    expect(guarded.length).toBe(3);
    for (const name of guarded) expect(publicSubgraphs.has(name)).toBe(false);
  });
});
