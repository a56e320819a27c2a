import { buildSchema, parse, type OperationDefinitionNode } from 'graphql';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationCost } from '../gateway/operationCost.ts';
import { clientLimits, defaultLimits } from '../runtime/clientLimits.ts';
import { projectRoot } from '../runtime/env.ts';
import { demoSize, generateWorld } from '../seed/generateWorld.ts';
import {
  createInProcessSupergraph,
  type GraphQLResult,
  type InProcessSupergraph,
} from './support/inProcessSupergraph.ts';

const apiSchema = buildSchema(readFileSync(`${projectRoot}/api-schema.graphql`, 'utf8'));
const costOf = (query: string, variables: Record<string, unknown> = {}) => {
  const document = parse(query);
  return operationCost(apiSchema, document, document.definitions[0] as OperationDefinitionNode, variables);
};

const worklist = (first: number) =>
  `{ dossiers(first: ${first}) { totalCount nodes { code procedure { name } applicant { ... on Citizen { fullName } ... on Business { name } } } } }`;
const lookup = '{ procedures(first: 1) { totalCount } }';
const world = generateWorld(demoSize);
const citizenIds = world.population.citizens.slice(0, 6).map((c) => c.personalId);

let graph: InProcessSupergraph;
beforeAll(async () => {
  graph = await createInProcessSupergraph({
    limits: {
      defaults: { anonymous: { requestsPerMinute: 5, trackDossierPerMinute: 5 } },
      // National clients (no agency, so no case binds their reads: these tests are about limits),
      // reading under a legal basis.
      clients: {
        flooder: { requestsPerMinute: 20, legalBases },
        spender: { costPerMinute: 1000, legalBases },
        scraper: { citizensPerDay: 3, legalBases },
        steady: { legalBases },
        tracker: { legalBases },
        another: { legalBases },
      },
      addresses: { '10.0.0.8': { requestsPerMinute: 100 } },
    },
  });
});
afterAll(() => graph?.close());

const codeOf = (result: GraphQLResult) =>
  result.errors?.[0]?.extensions?.code ?? (result.data ? 'data' : 'none');
const tally = (results: GraphQLResult[]) => {
  const counts: Record<string, number> = {};
  for (const r of results) counts[String(codeOf(r))] = (counts[String(codeOf(r))] ?? 0) + 1;
  return counts;
};
const legalBases = ['PUBLIC-SERVICE-PORTAL'];
const tokenOf = (sub: string) => graph.token({ sub, scope: 'citizen:basic business:read dossier:read:all' });

describe('operation cost', () => {
  it('costs a lookup 1 and a worklist of 100 with its lists hundreds, scalars nothing', () => {
    expect(costOf('{ citizen(personalId: "001090000001") { fullName birthDate } }').cost).toBe(1);
    expect(costOf(lookup).cost).toBe(1);
    expect(costOf(worklist(100)).cost).toBe(100 * 4);
    expect(costOf(worklist(10)).cost).toBe(10 * 4);
    // Defaults and variables count as the value the subgraph will use.
    expect(costOf('{ dossiers { nodes { code } } }').cost).toBe(20 * 2);
    expect(costOf('query($n: Int) { dossiers(first: $n) { nodes { code } } }', { n: 50 }).cost).toBe(50 * 2);
    expect(
      costOf('query($ids: [PersonalId!]!) { citizens(personalIds: $ids) { fullName } }', { ids: citizenIds })
        .cost,
    ).toBe(citizenIds.length);
  });

  it('charges a variable left out at its default: the operation’s, else the argument’s', () => {
    const pages = (head: string, first: string) =>
      `${head} { ${Array.from({ length: 10 }, (_, i) => `p${i}: procedures(first: ${first}) { nodes { code agency { name } } }`).join(' ')} }`;
    const literal = costOf(pages('query', '100')).cost;
    expect(literal).toBe(10 * 100 * 3);
    // The attack of #26: the same ten pages with `first` defaulted in the operation, sent with no variables.
    expect(costOf(pages('query($n: Int = 100)', '$n')).cost).toBe(literal);
    expect(costOf(pages('query($n: Int = 100)', '$n'), { n: 1 }).cost).toBe(10 * 1 * 3);
    // Neither sent nor defaulted in the operation: the argument's own default (20).
    expect(costOf(pages('query($n: Int)', '$n')).cost).toBe(10 * 20 * 3);
    const ids = JSON.stringify(citizenIds);
    expect(
      costOf(`query($ids: [PersonalId!] = ${ids}) { citizens(personalIds: $ids) { fullName } }`).cost,
    ).toBe(citizenIds.length);
  });

  it('refuses a defaulted operation over the budget as it refuses the literal one', async () => {
    const token = await tokenOf('spender');
    const pages = (head: string, first: string) =>
      `${head} { ${Array.from({ length: 10 }, (_, i) => `p${i}: procedures(first: ${first}) { nodes { code } }`).join(' ')} }`;
    for (const query of [pages('query', '100'), pages('query($n: Int = 100)', '$n')]) {
      const result = await graph.query(query, undefined, { token });
      expect(result.errors?.[0]?.extensions?.code, query.slice(0, 40)).toBe('LIMIT_EXCEEDED');
    }
  });

  it('costs a fragment once however often it is spread, and counts trackDossier lookups', () => {
    const spreads = Array.from({ length: 5 }, (_, i) => `a${i}: trackDossier(code: "X${i}") { ...T }`).join(
      ' ',
    );
    const result = costOf(`{ ${spreads} } fragment T on DossierTracking { status }`);
    expect(result.trackDossier).toBe(5);
    expect(result.cost).toBe(5);
    // 2^30 paths through the spreads, costed in 31 steps: the answer comes at all, and is exact.
    let doc = 'fragment F0 on Procedure { name }';
    for (let i = 1; i <= 30; i += 1) doc += ` fragment F${i} on Procedure { ...F${i - 1} ...F${i - 1} }`;
    expect(costOf(`{ procedures(first: 1) { nodes { ...F30 } } } ${doc}`).cost).toBe(2);
  });
});

describe('per-client limits at the gateway', () => {
  it('refuses a flooding client past its requests a minute with 429 and a wait, while another client is answered in full', async () => {
    const [flooder, steady] = await Promise.all([tokenOf('flooder'), tokenOf('steady')]);
    const [flood, others] = await Promise.all([
      Promise.all(Array.from({ length: 50 }, () => graph.query(lookup, {}, { token: flooder }))),
      Promise.all(Array.from({ length: 30 }, () => graph.query(lookup, {}, { token: steady }))),
    ]);
    expect(tally(flood)).toEqual({ data: 20, RATE_LIMITED: 30 });
    const refusal = flood.find((r) => codeOf(r) === 'RATE_LIMITED');
    expect(refusal?.status).toBe(429);
    expect(refusal?.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect(tally(others)).toEqual({ data: 30 });
  });

  it('spends a cost budget a minute: a worklist of 100 costs what 400 lookups do', async () => {
    const spender = await tokenOf('spender');
    const cost = costOf(worklist(100)).cost;
    const results: GraphQLResult[] = [];
    for (let i = 0; i < 5; i += 1) results.push(await graph.query(worklist(100), {}, { token: spender }));
    expect(tally(results)).toEqual({
      data: Math.floor(1000 / cost),
      RATE_LIMITED: 5 - Math.floor(1000 / cost),
    });
    const refused = results.at(-1) as GraphQLResult;
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(0);
    expect(refused.errors?.[0]?.extensions?.limit).toBe('cost');
    // What is left of the minute still buys lookups.
    const left = 1000 - Math.floor(1000 / cost) * cost;
    const lookups = await Promise.all(
      Array.from({ length: left + 5 }, () => graph.query(lookup, {}, { token: spender })),
    );
    expect(tally(lookups)).toEqual({ data: left, RATE_LIMITED: 5 });
  });

  it('refuses with LIMIT_EXCEEDED (400) an operation that costs more than a whole minute’s budget', async () => {
    const body = worklist(100).slice(1, -1);
    const three = `{ a: ${body} b: ${body} c: ${body} }`;
    expect(costOf(three).cost).toBeGreaterThan(1000);
    const result = await graph.query(three, {}, { token: await tokenOf('spender') });
    expect(codeOf(result)).toBe('LIMIT_EXCEEDED');
    expect(result.status).toBe(400);
  });

  it('limits callers without a token per IP address, one address apart from another', async () => {
    const from = (address: string, n: number) =>
      Promise.all(
        Array.from({ length: n }, () => graph.query(lookup, {}, { token: null, purpose: null, address })),
      );
    expect(tally(await from('10.0.0.5', 8))).toEqual({ data: 5, RATE_LIMITED: 3 });
    expect(tally(await from('10.0.0.6', 5))).toEqual({ data: 5 });
    // An address in the limits file has its own figure.
    expect(tally(await from('10.0.0.8', 8))).toEqual({ data: 8 });
  });

  it('limits trackDossier lookups per IP address, each alias counting', async () => {
    const code = world.dossiers.dossiers[0]?.code as string;
    const three = `query($c: String!) { a: trackDossier(code: $c) { status } b: trackDossier(code: $c) { status } c: trackDossier(code: $c) { status } }`;
    const token = await tokenOf('tracker');
    const first = await graph.query(three, { c: code }, { token, address: '10.0.1.1' });
    expect(codeOf(first)).toBe('data');
    const second = await graph.query(three, { c: code }, { token, address: '10.0.1.1' });
    expect(codeOf(second)).toBe('data'); // a client's own trackDossier limit is 600 a minute
    const anonymous = (address: string) =>
      graph.query(three, { c: code }, { token: null, purpose: null, address });
    expect(codeOf(await anonymous('10.0.1.2'))).toBe('data');
    const refused = await anonymous('10.0.1.2');
    expect(codeOf(refused)).toBe('RATE_LIMITED');
    expect(refused.errors?.[0]?.extensions?.limit).toBe('trackDossier');
    expect(codeOf(await anonymous('10.0.1.3'))).toBe('data');
  });
});

describe('the daily quota of distinct citizens', () => {
  const read = (token: string, ids: string[]) =>
    graph.query(
      `query($ids: [PersonalId!]!) { citizens(personalIds: $ids) { personalId fullName } }`,
      { ids },
      { token },
    );
  const accessRecords = async () => {
    const result = await graph.query(
      `query($ids: [PersonalId!]!) { citizens(personalIds: $ids) { accessLog { totalCount } } }`,
      { ids: citizenIds },
    );
    return (result.data?.citizens as Array<{ accessLog: { totalCount: number } }>).map(
      (c) => c.accessLog.totalCount,
    );
  };

  it('refuses a client past its distinct citizens of the day, discloses nothing and logs nothing, and lets repeats through', async () => {
    const scraper = await tokenOf('scraper');
    const before = await accessRecords();
    const tooMany = await read(scraper, citizenIds.slice(0, 4));
    expect(codeOf(tooMany)).toBe('RATE_LIMITED');
    expect(tooMany.data?.citizens ?? null).toBeNull();
    expect(tooMany.errors?.[0]?.extensions?.limit).toBe('citizensPerDay');
    expect(JSON.stringify(tooMany)).not.toContain(citizenIds[0]);
    expect(await accessRecords()).toEqual(before);

    expect(codeOf(await read(scraper, citizenIds.slice(0, 2)))).toBe('data');
    expect(codeOf(await read(scraper, citizenIds.slice(0, 2)))).toBe('data');
    expect(codeOf(await read(scraper, citizenIds.slice(2, 3)))).toBe('data');
    const past = await read(scraper, citizenIds.slice(3, 4));
    expect(codeOf(past)).toBe('RATE_LIMITED');
    expect(Number(past.errors?.[0]?.extensions?.retryAfterSeconds)).toBeGreaterThan(0);
    expect(Number(past.errors?.[0]?.extensions?.retryAfterSeconds)).toBeLessThanOrEqual(86_400);
    // The three read are still readable; another client has its own quota.
    expect(codeOf(await read(scraper, citizenIds.slice(0, 3)))).toBe('data');
    expect(codeOf(await read(await tokenOf('another'), citizenIds.slice(3, 6)))).toBe('data');
  });
});

describe('the limits file', () => {
  it('fills what a profile or client leaves out from the defaults', () => {
    const limits = clientLimits({ clients: { lgsp: { requestsPerMinute: 9 } } });
    expect(limits.of({ role: 'client', subject: 'lgsp' }, '1.2.3.4')).toEqual({
      ...defaultLimits.client,
      requestsPerMinute: 9,
    });
    expect(limits.of({ role: 'anonymous', subject: null }, '1.2.3.4')).toEqual(defaultLimits.anonymous);
  });

  it('refuses an unknown limit, profile or a figure that is not a whole number ≥ 0', () => {
    expect(() => clientLimits({ clients: { a: { requestPerMinute: 1 } as never } })).toThrow(
      /unknown limit 'requestPerMinute'/,
    );
    expect(() => clientLimits({ defaults: { robot: {} } as never })).toThrow(/profiles are/);
    expect(() => clientLimits({ addresses: { x: { costPerMinute: -1 } } })).toThrow(/whole number/);
    expect(() => clientLimits({ addresses: { x: { costPerMinute: 1.5 } } })).toThrow(/whole number/);
  });
});
