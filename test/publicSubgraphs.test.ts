import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { publicSubgraphsOf } from '../gateway/publicSubgraphsOf.ts';
import { loadEnv, projectRoot } from '../runtime/env.ts';
import { createSubgraphServer } from '../subgraphs/kit/createSubgraphServer.ts';
import { subgraphs } from '../subgraphs/index.ts';

// The gateway shares a public subgraph's answers between callers for a few seconds. That is safe only
// while nothing the subgraph answers depends on who asks: no guard directive in its schema, no caller
// in its code.
describe('public subgraphs', () => {
  const fromSupergraph = publicSubgraphsOf(readFileSync(loadEnv({}).supergraphPath, 'utf8'));

  it('the gateway finds in the supergraph exactly the modules that say they are public', () => {
    expect([...fromSupergraph].sort()).toEqual(['procedures']);
    for (const module of subgraphs) expect(fromSupergraph.has(module.name), module.name).toBe(module.public);
  });

  it.each(subgraphs.filter((m) => m.public).map((m) => m.name))('%s has no caller in its code', (name) => {
    const dir = path.join(projectRoot, 'subgraphs', name);
    const sources = readdirSync(dir).filter((file) => file.endsWith('.ts') && file !== 'resolverTypes.ts');
    expect(sources.length).toBeGreaterThan(0);
    for (const file of sources)
      expect(readFileSync(path.join(dir, file), 'utf8'), file).not.toMatch(/\bcaller\b|request\.caller/);
  });

  it('counts a field guarded in any subgraph against that subgraph only', () => {
    const sdl = (guard: string) => `
      enum join__Graph { A @join__graph(name: "a", url: "http://a") B @join__graph(name: "b", url: "http://b") }
      type Query @join__type(graph: A) @join__type(graph: B) {
        open: String @join__field(graph: A)
        closed: String @join__field(graph: B) ${guard}
      }`;
    expect([...publicSubgraphsOf(sdl('@requiresScopes(scopes: [["x"]])'))]).toEqual(['a']);
    expect([...publicSubgraphsOf(sdl('@authenticated'))]).toEqual(['a']);
    expect([...publicSubgraphsOf(sdl(''))].sort()).toEqual(['a', 'b']);
  });

  it('the kit refuses a module whose public flag contradicts its SDL', async () => {
    const [procedures, population] = ['procedures', 'population'].map(
      (name) => subgraphs.find((m) => m.name === name) as (typeof subgraphs)[number],
    );
    const options = {} as Parameters<typeof createSubgraphServer>[1];
    await expect(createSubgraphServer({ ...population, public: true }, options)).rejects.toThrow(/public/);
    await expect(createSubgraphServer({ ...procedures, public: false }, options)).rejects.toThrow(
      /guards nothing/,
    );
  });
});
