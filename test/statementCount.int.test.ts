import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../subgraphs/kit/pagination.ts';
import { createInProcessSupergraph, type InProcessSupergraph } from './support/inProcessSupergraph.ts';

let graph: InProcessSupergraph;
beforeAll(async () => {
  graph = await createInProcessSupergraph();
});
afterAll(() => graph?.close());

// The worklist an LGSP shows: every dossier with its applicant (population or business), its
// procedure (procedures), the registry evidence (population and business again) and the e-documents
// reused as evidence (documents, and population, which grants and logs the read of their content).
const worklist = `query($first: Int, $after: String) { dossiers(first: $first, after: $after) {
  totalCount nodes {
    code status overdue agency { name }
    procedure { name processingDays requirements { name evidence } }
    applicant { ... on Citizen { fullName household { members { citizen { fullName } } } representedBusinesses { name } }
                ... on Business { name legalRepresentatives { fullName } } }
    evidence { source citizen { fullName currentAddress { full } } business { name status } priorDossier { code status }
      document { number status content } }
    history { to at } fee { amountDue } rating { score }
  } } }`;

/** The access-log write of a population request: one insert (the checkpointer takes it into the tree later). */
const auditWrite = /pg_advisory_xact_lock|access_records/;

/**
 * Statements per subgraph for a worklist page, without the access-log writes, and those writes apart:
 * concurrent population requests share one write (group commit), so their number depends on timing,
 * never on the number of items.
 */
async function statementsFor(first: number, after: string | null = null) {
  graph.resetStatements();
  const result = await graph.query(worklist, { first, after });
  expect(result.errors).toBeUndefined();
  expect((result.data?.dossiers as { nodes: unknown[] }).nodes).toHaveLength(first);
  const counts = graph.statementCounts();
  const audit = graph.statements.population.filter((s) => auditWrite.test(s)).length;
  return { counts: { ...counts, population: counts.population - audit }, audit };
}

interface Shape {
  code: string;
  receivedAt: string;
  applicant: { __typename: string };
  evidence: Array<{ source: string }>;
}

/**
 * The cursor before a run of 5 dossiers that has every shape the worklist can take (citizen and
 * business applicants, registry and e-document evidence), so that 5 and 100 ask the same kinds of
 * questions and only the number of items differs.
 */
async function cursorBeforeFullShapes(): Promise<string | null> {
  const result = await graph.query(`{ dossiers(first: 100) { nodes { code receivedAt applicant { __typename }
    evidence { source } } } }`);
  const nodes = (result.data?.dossiers as { nodes: Shape[] }).nodes;
  const complete = (run: Shape[]) => {
    const types = new Set(run.map((n) => n.applicant.__typename));
    const sources = new Set(run.flatMap((n) => n.evidence.map((e) => e.source)));
    return (
      types.has('Citizen') &&
      types.has('Business') &&
      ['CITIZEN_REGISTRY', 'BUSINESS_REGISTRY', 'E_DOCUMENT'].every((s) => sources.has(s))
    );
  };
  for (let start = 0; start + 5 <= nodes.length; start += 1) {
    if (!complete(nodes.slice(start, start + 5))) continue;
    const before = nodes[start - 1];
    return before ? encodeCursor([new Date(before.receivedAt).toISOString(), before.code]) : null;
  }
  throw new Error('the demo data has no run of 5 dossiers with every shape');
}

describe('no N+1', () => {
  it('runs no more SQL statements for 100 dossiers than for 5, in every subgraph', async () => {
    const { counts: five, audit: auditFive } = await statementsFor(5, await cursorBeforeFullShapes());
    const { counts: hundred, audit: auditHundred } = await statementsFor(100);
    // At most one access-log write (one statement) per population request of the plan (this worklist's
    // plan asks population four times: applicants, evidence citizens, household members, the grants of
    // the documents' content), however many items; concurrent ones may share a write.
    for (const audit of [auditFive, auditHundred]) {
      expect(audit).toBeGreaterThan(0);
      expect(audit).toBeLessThanOrEqual(4);
    }
    for (const name of Object.keys(five) as Array<keyof typeof five>) {
      expect(
        hundred[name],
        `${name}: ${hundred[name]} statements for 100, ${five[name]} for 5`,
      ).toBeLessThanOrEqual(five[name]);
    }
    // Every subgraph took part, and the whole query stays a handful of statements.
    expect(Object.values(hundred).every((n) => n > 0)).toBe(true);
    expect(Object.values(hundred).reduce((a, b) => a + b, 0)).toBeLessThan(30);
  });

  it('serves 500 entity representations in one statement', async () => {
    const result = await graph.query(
      `{ dossiers(first: 100) { nodes { applicant { ... on Citizen { personalId } } } } }`,
    );
    const ids = (result.data?.dossiers as { nodes: Array<{ applicant: { personalId?: string } }> }).nodes
      .map((n) => n.applicant.personalId)
      .filter(Boolean);
    const representations = Array.from({ length: 500 }, (_, i) => ({
      __typename: 'Citizen',
      personalId: ids[i % ids.length],
    }));
    const population = graph.servers.find((s) => s.module.name === 'population');
    graph.resetStatements();
    const response = await population?.apollo.executeOperation(
      {
        query: `query($r: [_Any!]!) { _entities(representations: $r) { ... on Citizen { fullName } } }`,
        variables: { r: representations },
      },
      {
        contextValue: await population.contextFor({
          // A national client reading under a legal basis: these citizens are of every agency's cases
          // (an agency's own worklist, with its case check, is counted in caseBinding.int.test.ts).
          authorization: `Bearer ${await graph.token({ sub: 'test-client', scope: 'citizen:basic' })}`,
          'x-legal-basis': 'PUBLIC-SERVICE-PORTAL',
          'x-purpose': 'statement count test',
          'x-request-id': 'statement-count',
        }),
      },
    );
    const body = response?.body.kind === 'single' ? response.body.singleResult : undefined;
    expect(body?.errors).toBeUndefined();
    expect((body?.data as { _entities: unknown[] })._entities).toHaveLength(500);
    // One read for the 500; the access log of the personal read (one insert) is per request.
    const reads = graph.statements.population.filter((sql) => sql.includes('from "population"."citizens"'));
    expect(reads).toHaveLength(1);
    expect(graph.statementCounts().population).toBeLessThanOrEqual(2);
  });
});

describe('counting', () => {
  it('counts a list only when totalCount is asked for', async () => {
    const run = async (query: string) => {
      graph.resetStatements();
      const result = await graph.query(query);
      expect(result.errors).toBeUndefined();
      return graph.statementCounts();
    };
    const without = await run(
      `{ dossiers(first: 5) { nodes { code } } procedures(first: 5) { nodes { code } } }`,
    );
    const withTotal = await run(
      `{ dossiers(first: 5) { totalCount nodes { code } } procedures(first: 5) { totalCount nodes { code } } }`,
    );
    expect(withTotal.dossiers).toBe(without.dossiers + 1);
    expect(withTotal.procedures).toBe(without.procedures + 1);
  });
});
