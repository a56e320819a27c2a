import { generateDrizzleJson, generateMigration } from 'drizzle-kit/api';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import codegenConfig from '../codegen.ts';
import { apiSchemaFile, apiSchemaOf } from '../gateway/apiSchemaOf.ts';
import { composeSupergraph } from '../subgraphs/composeSupergraph.ts';
import { migrationsFolder } from '../subgraphs/kit/createDb.ts';
import { loadEnv, projectRoot } from '../runtime/env.ts';
import { subgraphNames } from '../runtime/subgraphNames.ts';

describe('generated files are current', () => {
  it('supergraph.graphql is what `npm run compose` makes of the subgraph SDLs', () => {
    const committed = readFileSync(loadEnv({}).supergraphPath, 'utf8');
    expect(committed, 'supergraph.graphql is stale: run `npm run compose`').toBe(composeSupergraph());
  });

  it('api-schema.graphql is the client-facing schema of the committed supergraph', () => {
    const supergraph = readFileSync(loadEnv({}).supergraphPath, 'utf8');
    const committed = readFileSync(path.join(projectRoot, apiSchemaFile), 'utf8');
    expect(committed, `${apiSchemaFile} is stale: run \`npm run compose\``).toBe(apiSchemaOf(supergraph));
    expect(committed).toMatch(/^type Query \{/m);
    expect(committed).not.toMatch(/join__|link__|@requiresScopes/);
  });

  it("every subgraph's resolverTypes.ts is what `npm run codegen` makes of its SDL", async () => {
    const outputs: Array<{ filename: string; content: string }> = await generate(
      { ...codegenConfig, cwd: projectRoot, silent: true },
      false,
    );
    expect(
      outputs.map((o) => path.relative(projectRoot, path.resolve(projectRoot, o.filename))).sort(),
    ).toEqual(subgraphNames.map((name) => `subgraphs/${name}/resolverTypes.ts`).sort());
    for (const output of outputs)
      expect(
        readFileSync(path.resolve(projectRoot, output.filename), 'utf8'),
        `${output.filename} is stale: run \`npm run codegen\``,
      ).toBe(output.content);
  }, 60_000);

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
