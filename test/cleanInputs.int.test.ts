import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSize, generateWorld } from '../seed/generateWorld.ts';
import { createInProcessSupergraph, type InProcessSupergraph } from './support/inProcessSupergraph.ts';
import { slow } from './support/slow.ts';

// The inputs of the abuse issue, through the gateway and the subgraphs: control characters, bidi
// controls, separators and invalid UTF-8 in X-Purpose, X-Dossier-Code and string arguments are refused
// BAD_USER_INPUT before any SQL; a purpose is kept NFC and trimmed; and one client's bad purpose can
// no longer fail other clients' access records in the same group commit.
let graph: InProcessSupergraph;
beforeAll(async () => {
  graph = await createInProcessSupergraph();
}, slow(120_000));
afterAll(() => graph?.close());

const world = generateWorld(demoSize);
const citizens = world.population.citizens.filter((c) => c.deathDate === null).slice(0, 30);
const lookup = `query($id: PersonalId!) { citizen(personalId: $id) { fullName } }`;
const codes = (result: { errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }) =>
  (result.errors ?? []).map((e) => e.extensions?.code);

describe('clean inputs', () => {
  it.each([
    ['a NUL, percent-encoded', 'x%00y'],
    ['a newline', 'Tra cứu\nfake log line'],
    ['a bidi override', 'Kiểm tra \u202Egnahk'],
    ['a line separator', 'a\u2028b'],
    ['a C1 control', `a${String.fromCharCode(0x85)}b`],
    ['invalid UTF-8 bytes', Buffer.from([0x54, 0xc3, 0x28]).toString('latin1')],
    ['invalid percent-encoded UTF-8', 'x%C3%28y'],
  ])('refuses an X-Purpose with %s: BAD_USER_INPUT, no data', async (_what, purpose) => {
    const result = await graph.query(lookup, { id: citizens[0]?.personalId }, { purpose });
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.data?.citizen ?? null).toBeNull();
  });

  it('takes a whitespace-only purpose as none (and a purpose is required for personal data)', async () => {
    const result = await graph.query(lookup, { id: citizens[0]?.personalId }, { purpose: '%20%20' });
    expect((result.data as any)?.citizen?.fullName ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'FORBIDDEN', reason: 'PURPOSE_REQUIRED' });
  });

  it('stores a purpose NFC-normalised and trimmed', async () => {
    const decomposed = '  Tra cứu Nguye\u0302\u0303n  '.normalize('NFD');
    const citizen = citizens[1]?.personalId as string;
    const read = await graph.query(lookup, { id: citizen }, { purpose: encodeURIComponent(decomposed) });
    expect(read.errors).toBeUndefined();
    const self = await graph.token({ sub: citizen, role: 'citizen' });
    const log = await graph.query(
      `query($id: PersonalId!) { citizen(personalId: $id) { accessLog(first: 20) { nodes { purpose } } } }`,
      { id: citizen },
      { token: self },
    );
    const purposes = ((log.data as any)?.citizen?.accessLog?.nodes ?? []).map(
      (n: { purpose: string }) => n.purpose,
    );
    expect(purposes).toContain('Tra cứu Nguyễn'.normalize('NFC'));
  });

  it('refuses a NUL or a bidi control in a string argument before any SQL', async () => {
    for (const search of ['khai\u0000sinh', 'khai\u202Esinh']) {
      const variable = await graph.query(`query($s: String) { procedures(search: $s) { totalCount } }`, {
        s: search,
      });
      expect(codes(variable)).toEqual(['BAD_USER_INPUT']);
    }
    const literal = await graph.query(`{ procedures(search: "khai\\u0000sinh") { totalCount } }`);
    expect(codes(literal)).toEqual(['BAD_USER_INPUT']);
  });

  it('does not let one client’s bad purpose fail other clients’ concurrent personal reads', async () => {
    const reads = citizens.slice(2, 22).map((c) => graph.query(lookup, { id: c.personalId }));
    const poisoned = graph.query(lookup, { id: citizens[2]?.personalId }, { purpose: 'x%00y' });
    const [bad, ...good] = await Promise.all([poisoned, ...reads]);
    expect(codes(bad as never)).toEqual(['BAD_USER_INPUT']);
    for (const result of good) {
      expect(result.errors).toBeUndefined();
      expect((result.data as any)?.citizen?.fullName).toBeTruthy();
    }
  });
});
