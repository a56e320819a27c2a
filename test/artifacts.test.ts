import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeSupergraph } from '../subgraphs/composeSupergraph.ts';
import { migrationsFolder } from '../subgraphs/kit/createDb.ts';
import { loadEnv } from '../runtime/env.ts';
import { subgraphNames } from '../runtime/subgraphNames.ts';

describe('generated files are current', () => {
  it('supergraph.graphql is what `npm run compose` makes of the subgraph SDLs', () => {
    const committed = readFileSync(loadEnv({}).supergraphPath, 'utf8');
    expect(committed, 'supergraph.graphql is stale: run `npm run compose`').toBe(composeSupergraph());
  });

  it.each(subgraphNames)('the %s migrations cover its drizzle schema', async (name) => {
    const folder = migrationsFolder(name);
    const meta = path.join(folder, 'meta');
    const last = readdirSync(meta)
      .filter((f) => f.endsWith('_snapshot.json'))
      .sort()
      .at(-1);
    expect(last, `no migration for ${name}: run npm run db:generate`).toBeDefined();
    const previous = JSON.parse(readFileSync(path.join(meta, last as string), 'utf8'));
    const tables = (await import(`../drizzle/${name}.ts`)) as Record<string, unknown>;
    const current = generateDrizzleJson(tables, previous.id, [name]);
    const pending = await generateMigration(previous, current);
    expect(pending, `drizzle/${name}.ts changed without a migration: run npm run db:generate`).toEqual([]);
  });
});
