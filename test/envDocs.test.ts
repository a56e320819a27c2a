import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadEnv, projectRoot } from '../runtime/env.ts';
import { subgraphNames } from '../runtime/subgraphNames.ts';

/** Every variable loadEnv reads from the given environment (it reads only what it is given). */
function variablesRead(base: Record<string, string>): Set<string> {
  const read = new Set<string>();
  const source = new Proxy(base, {
    get(target, key) {
      if (typeof key === 'string') read.add(key);
      return Reflect.get(target, key);
    },
  });
  loadEnv(source as NodeJS.ProcessEnv);
  return read;
}

describe('the README documents the environment', () => {
  const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
  const documented = (name: string) => {
    if (readme.includes(`\`${name}\``)) return true;
    // A per-subgraph variable may be documented once as <SUBGRAPH>_SUFFIX.
    const subgraph = subgraphNames.find((s) => name.startsWith(`${s.toUpperCase()}_`));
    return !!subgraph && readme.includes(`\`<SUBGRAPH>${name.slice(subgraph.length)}\``);
  };

  it('names every variable runtime/env.ts reads, in development and in production', () => {
    const read = new Set([...variablesRead({}), ...variablesRead({ NODE_ENV: 'production' })]);
    expect(read.size).toBeGreaterThan(20);
    expect(read).toContain('DATABASE_URL');
    expect(read).toContain('POPULATION_DATABASE_URL');
    expect([...read].filter((name) => !documented(name)).sort()).toEqual([]);
  });
});
