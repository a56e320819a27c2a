import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { demoSize, generateWorld } from '../seed/generateWorld.ts';
import { encodeCursor } from '../subgraphs/kit/pagination.ts';
import { createInProcessSupergraph, type InProcessSupergraph } from './support/inProcessSupergraph.ts';

let graph: InProcessSupergraph;
beforeAll(async () => {
  graph = await createInProcessSupergraph();
});
afterAll(() => graph?.close());

const codes = (result: { errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }) =>
  (result.errors ?? []).map((e) => e.extensions?.code);

/** Runs the query and checks it was refused with LIMIT_EXCEEDED before any subgraph ran SQL. */
async function refusedBeforeSubgraphs(query: string, variables?: Record<string, unknown>) {
  graph.resetStatements();
  const result = await graph.query(query, variables);
  expect(codes(result)).toContain('LIMIT_EXCEEDED');
  expect(result.data ?? null).toBeNull();
  expect(Object.values(graph.statementCounts()).reduce((a, b) => a + b, 0)).toBe(0);
  return result;
}

describe('operation limits at the gateway', () => {
  it('refuses depth over 10', async () => {
    // citizen → household → head → household → head → ... nests 11 levels.
    let selection = 'personalId';
    for (let i = 0; i < 5; i += 1) selection = `household { head { ${selection} } }`;
    await refusedBeforeSubgraphs(`{ citizen(personalId: "001090000001") { ${selection} } }`);
  });

  it('refuses more than 15 aliases', async () => {
    const fields = Array.from({ length: 16 }, (_, i) => `a${i}: procedures(first: 1) { totalCount }`).join(
      ' ',
    );
    await refusedBeforeSubgraphs(`{ ${fields} }`);
  });

  it('refuses more than 10 root fields', async () => {
    const names = ['procedures', 'dossiers', 'businesses'];
    const fields = Array.from(
      { length: 11 },
      (_, i) => `${names[i % 3]}(first: ${i + 1}) { totalCount }`,
    ).join(' ');
    await refusedBeforeSubgraphs(`{ ${fields} }`);
  });

  it('refuses more than 2,000 tokens', async () => {
    const fields = Array.from({ length: 2100 }, () => '__typename').join(' ');
    await refusedBeforeSubgraphs(`{ ${fields} }`);
  });

  it('refuses a page over 100 whether literal or variable, and more than 100 personal IDs', async () => {
    await refusedBeforeSubgraphs(`{ dossiers(first: 101) { totalCount } }`);
    await refusedBeforeSubgraphs(`query($n: Int) { procedures(first: $n) { totalCount } }`, { n: 1000 });
    await refusedBeforeSubgraphs(`query($n: Int = 1000) { procedures(first: $n) { totalCount } }`);
    const ids = Array.from({ length: 101 }, (_, i) => `001090${String(i).padStart(6, '0')}`);
    await refusedBeforeSubgraphs(
      `query($ids: [PersonalId!]!) { citizens(personalIds: $ids) { personalId } }`,
      { ids },
    );
  });

  it('refuses an operation over the cost budget', async () => {
    const nested = `nodes { code procedure { name fees { amount } requirements { name evidence } agency { name } }
      history { to at actor } evidence { source priorDossier { code history { to } } } }`;
    const fields = Array.from({ length: 10 }, (_, i) => `d${i}: dossiers(first: 100) { ${nested} }`).join(
      ' ',
    );
    await refusedBeforeSubgraphs(`{ ${fields} }`);
  });

  it('lets an ordinary worklist through', async () => {
    const result = await graph.query(`{ dossiers(first: 100) { totalCount nodes { code procedure { name }
      applicant { ... on Citizen { fullName } ... on Business { name } } evidence { source citizen { fullName } } } } }`);
    expect(result.errors).toBeUndefined();
  });
});

describe('production mode', () => {
  let production: InProcessSupergraph;
  beforeAll(async () => {
    production = await createInProcessSupergraph({ mode: 'production' });
  });
  afterAll(() => production?.close());

  it('answers no introspection and suggests no field names', async () => {
    const introspection = await production.query(`{ __schema { types { name } } }`);
    expect(introspection.data ?? null).toBeNull();
    expect(introspection.errors?.length).toBeGreaterThan(0);
    const typo = await production.query(`{ procedurs { totalCount } }`);
    expect(JSON.stringify(typo.errors)).not.toContain('Did you mean');
    const typoInDevelopment = await graph.query(`{ procedurs { totalCount } }`);
    expect(JSON.stringify(typoInDevelopment.errors)).toContain('Did you mean');
  });
});

describe('forged cursors', () => {
  it('are bad input, not database errors', async () => {
    const forged = encodeCursor(['not-a-time', 'x']);
    const worklist = await graph.query(`query($a: String) { dossiers(after: $a) { totalCount } }`, {
      a: forged,
    });
    expect(codes(worklist)).toEqual(['BAD_USER_INPUT']);
    const person = generateWorld(demoSize).population.citizens[0]?.personalId;
    const log = await graph.query(
      `query($id: PersonalId!, $a: String) { citizen(personalId: $id) { accessLog(after: $a) { totalCount } } }`,
      {
        id: person,
        a: encodeCursor(['abc']),
      },
    );
    expect(codes(log)).toEqual(['BAD_USER_INPUT']);
    const sure = await graph.query(
      `query($a: String) { dossiers(first: 5) { nodes { code } } businesses(after: $a) { totalCount } }`,
      {
        a: encodeCursor(['a', 'b']),
      },
    );
    expect(codes(sure)).toEqual(['BAD_USER_INPUT']);
  });
});

describe('bad input is only ever BAD_USER_INPUT (property-based)', () => {
  const allowed = new Set(['BAD_USER_INPUT', 'LIMIT_EXCEEDED']);
  /** Errors seen per property, so that a property whose inputs were all accepted cannot pass unseen. */
  let refused = 0;
  beforeEach(() => {
    refused = 0;
  });
  afterEach(() => {
    expect(refused, 'no generated input was refused: the property tested nothing').toBeGreaterThan(0);
  });
  const check = async (query: string, variables: Record<string, unknown>) => {
    const result = await graph.query(query, variables);
    refused += result.errors?.length ?? 0;
    for (const error of result.errors ?? []) {
      expect(
        allowed.has(String(error.extensions?.code)),
        `${JSON.stringify(variables)} → ${JSON.stringify(error)}`,
      ).toBe(true);
      expect(error.message).not.toMatch(/select |insert |at .*\.ts:|ECONNREFUSED|localhost/i);
    }
  };
  const text = fc.oneof(
    fc.string({ maxLength: 30 }),
    fc.stringMatching(/^\d{0,14}(-\d{0,4})?$/),
    fc.string({ unit: 'grapheme', maxLength: 20 }),
  );

  it('personal IDs', async () => {
    await fc.assert(
      fc.asyncProperty(text, (id) =>
        check(`query($id: PersonalId!) { citizen(personalId: $id) { personalId } }`, { id }),
      ),
      { numRuns: 60 },
    );
  });
  it('enterprise codes', async () => {
    await fc.assert(
      fc.asyncProperty(text, (code) =>
        check(`query($c: EnterpriseCode!) { business(enterpriseCode: $c) { name } }`, { c: code }),
      ),
      { numRuns: 60 },
    );
  });
  it('dates, page sizes, cursors and codes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          from: fc.oneof(
            text,
            fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
          ),
          first: fc.integer({ min: -5, max: 500 }),
          after: fc.oneof(fc.constant(null), text),
          province: text,
          code: text,
        }),
        async (v) => {
          await check(`query($from: Date) { dossierStatistics(from: $from) { total } }`, { from: v.from });
          await check(
            `query($first: Int, $after: String) { businesses(first: $first, after: $after) { totalCount } }`,
            {
              first: v.first,
              after: v.after,
            },
          );
          await check(`query($p: String!) { feePolicies(provinceCode: $p) { channel } }`, { p: v.province });
          await check(
            `query($c: String!) { trackDossier(code: $c) { status } procedure(code: $c) { name } }`,
            { c: v.code },
          );
        },
      ),
      { numRuns: 40 },
    );
  });
});
