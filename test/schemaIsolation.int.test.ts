import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../runtime/env.ts';
import { subgraphNames } from '../runtime/subgraphNames.ts';
import { createInProcessSupergraph, type InProcessSupergraph } from './support/inProcessSupergraph.ts';

let graph: InProcessSupergraph;
beforeAll(async () => {
  graph = await createInProcessSupergraph();
});
afterAll(() => graph?.close());

/** A query that makes every subgraph resolve entities for the others. */
const everything = `{
  dossiers(first: 30) { nodes { code procedure { name agency { name } fees { amount } requirements { evidence }
    statistics { total averageRating } }
    applicant { ... on Citizen { fullName household { head { fullName } } father { fullName } representedBusinesses { name industries { code } }
      dossiers(first: 2) { totalCount } }
      ... on Business { name legalRepresentatives { fullName } dossiers { totalCount } } }
    evidence { citizen { fullName } business { name } priorDossier { code } document { number content } } history { to }
    resultDocument { number holder { ... on Citizen { fullName } } issuer { name } } } }
  businesses(first: 5, name: "a") { nodes { name legalRepresentatives { spouse { fullName } } } }
  procedures(first: 5, search: "dang") { nodes { feeQuote(provinceCode: "01", channel: ONLINE) { amountDue } } }
  feePolicies(provinceCode: "79") { discountPercent }
  dossierStatistics { total paperlessRequirements }
  documentTypes { code acceptedFor }
  documentRevocations { id }
}`;

describe('each subgraph owns its data', () => {
  it('runs SQL that names only its own schema', async () => {
    graph.resetStatements();
    const result = await graph.query(everything);
    expect(result.errors).toBeUndefined();
    for (const name of subgraphNames) {
      const own = graph.statements[name];
      expect(own.length, `${name} ran statements`).toBeGreaterThan(0);
      expect(own.some((sql) => sql.includes(`"${name}".`))).toBe(true);
      for (const sql of own) {
        for (const other of subgraphNames.filter((n) => n !== name)) {
          expect(
            sql.includes(`"${other}"`) || sql.includes(`${other}.`),
            `${name} named ${other}: ${sql}`,
          ).toBe(false);
        }
      }
    }
  });

  it('imports no other subgraph’s tables or repository', () => {
    for (const name of subgraphNames) {
      const folder = path.join(projectRoot, 'subgraphs', name);
      for (const file of readdirSync(folder).filter((f) => f.endsWith('.ts'))) {
        const source = readFileSync(path.join(folder, file), 'utf8');
        for (const other of subgraphNames.filter((n) => n !== name)) {
          expect(source, `${name}/${file} imports from ${other}`).not.toMatch(
            new RegExp(`from '[./]*(drizzle/${other}|${other}/)`),
          );
        }
      }
    }
  });
});
