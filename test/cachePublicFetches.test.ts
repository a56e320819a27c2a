import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { describe, expect, it } from 'vitest';
import { cachePublicFetches } from '../gateway/cachePublicFetches.ts';

type Options = GraphQLDataSourceProcessOptions<Record<string, unknown>>;
const procedure = (code: string) => ({ __typename: 'Procedure', code });
const entitiesQuery = (name: string) =>
  `query ${name}($representations:[_Any!]!){_entities(representations:$representations){...on Procedure{name}}}`;

function fetchOf(query: string, variables: Record<string, unknown>) {
  return {
    kind: 'incoming operation',
    request: { query, variables },
    context: {},
    incomingRequestContext: {},
  } as unknown as Options;
}

/** A procedures subgraph that names each code, fails the codes in `failing`, and records what it was sent. */
function fakeProcedures(failing: string[] = []) {
  const sent: Options[] = [];
  const send = async (options: Options): Promise<GatewayGraphQLResponse> => {
    sent.push(options);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const representations = options.request.variables?.representations as Array<{ code: string }> | undefined;
    if (!representations) return { data: { procedures: { nodes: [{ code: 'A' }] } } };
    return {
      data: {
        _entities: representations.map((r) => (failing.includes(r.code) ? null : { name: `Name ${r.code}` })),
      },
      errors: representations.flatMap((r, i) =>
        failing.includes(r.code) ? [{ message: 'broken', path: ['_entities', i, 'name'] }] : [],
      ),
    } as GatewayGraphQLResponse;
  };
  return { sent, send };
}

const names = (response: GatewayGraphQLResponse) =>
  (response.data?._entities as Array<{ name: string } | null>).map((e) => e?.name ?? null);

describe('cachePublicFetches', () => {
  it('serves entities seen recently from the cache and fetches only the new ones', async () => {
    const subgraph = fakeProcedures();
    const lookups: boolean[] = [];
    const process = cachePublicFetches(subgraph.send, {
      ttlMs: 60_000,
      onLookup: (hit) => lookups.push(hit),
    });
    const first = await process(
      fetchOf(entitiesQuery('A__procedures__1'), { representations: [procedure('1'), procedure('2')] }),
    );
    expect(names(first)).toEqual(['Name 1', 'Name 2']);
    // Another client operation, the same fetch: one new procedure is fetched, alone.
    const second = await process(
      fetchOf(entitiesQuery('B__procedures__2'), {
        representations: [procedure('2'), procedure('3'), procedure('1')],
      }),
    );
    expect(names(second)).toEqual(['Name 2', 'Name 3', 'Name 1']);
    expect(subgraph.sent.map((o) => o.request.variables?.representations)).toEqual([
      [procedure('1'), procedure('2')],
      [procedure('3')],
    ]);
    const third = await process(
      fetchOf(entitiesQuery('C__procedures__1'), { representations: [procedure('3')] }),
    );
    expect(names(third)).toEqual(['Name 3']);
    expect(subgraph.sent).toHaveLength(2);
    expect(lookups).toEqual([false, false, true, false, true, true]);
    // Each answer is its own copy: the gateway merges later fetches into what it is given.
    const [given] = third.data?._entities as Array<{ name: string }>;
    expect(given).toBeDefined();
    if (given) given.name = 'changed';
    const fourth = await process(
      fetchOf(entitiesQuery('C__procedures__1'), { representations: [procedure('3')] }),
    );
    expect(names(fourth)).toEqual(['Name 3']);
  });

  it('never keeps an entity that came back with an error, and puts the error at its own index', async () => {
    const subgraph = fakeProcedures(['2']);
    const process = cachePublicFetches(subgraph.send, { ttlMs: 60_000 });
    await process(fetchOf(entitiesQuery('A__procedures__1'), { representations: [procedure('1')] }));
    const answer = await process(
      fetchOf(entitiesQuery('A__procedures__1'), { representations: [procedure('1'), procedure('2')] }),
    );
    expect(names(answer)).toEqual(['Name 1', null]);
    expect(answer.errors?.map((e) => e.path)).toEqual([['_entities', 1, 'name']]);
    await process(fetchOf(entitiesQuery('A__procedures__1'), { representations: [procedure('2')] }));
    expect(subgraph.sent.map((o) => o.request.variables?.representations)).toEqual([
      [procedure('1')],
      [procedure('2')],
      [procedure('2')],
    ]);
  });

  it('still serves cached entities when the subgraph is down, with errors on the missing ones only', async () => {
    let down = false;
    const subgraph = fakeProcedures();
    const process = cachePublicFetches(
      (options) =>
        down
          ? Promise.resolve({
              data: null,
              errors: (options.request.variables?.representations as unknown[]).map((_, i) => ({
                message: 'unavailable',
                path: ['_entities', i],
                extensions: { code: 'SUBGRAPH_UNAVAILABLE' },
              })),
            } as GatewayGraphQLResponse)
          : subgraph.send(options),
      { ttlMs: 60_000 },
    );
    await process(fetchOf(entitiesQuery('A__procedures__1'), { representations: [procedure('1')] }));
    down = true;
    const answer = await process(
      fetchOf(entitiesQuery('A__procedures__1'), { representations: [procedure('9'), procedure('1')] }),
    );
    expect(names(answer)).toEqual([null, 'Name 1']);
    expect(answer.errors?.map((e) => e.path)).toEqual([['_entities', 0]]);
  });

  it('shares one fetch between identical queries in flight, reuses the answer until it expires', async () => {
    const subgraph = fakeProcedures();
    const clock = { ms: 1_000, now: () => clock.ms };
    const process = cachePublicFetches(subgraph.send, { ttlMs: 10_000, clock });
    const search = (name: string) =>
      fetchOf(`query ${name}($s:String){procedures(search:$s){nodes{code}}}`, { s: 'khai sinh' });
    const answers = await Promise.all([
      process(search('A__procedures__0')),
      process(search('B__procedures__0')),
    ]);
    expect(subgraph.sent).toHaveLength(1);
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]).not.toBe(answers[1]);
    clock.ms += 9_000;
    await process(search('C__procedures__0'));
    expect(subgraph.sent).toHaveLength(1);
    clock.ms += 2_000;
    await process(search('C__procedures__0'));
    expect(subgraph.sent).toHaveLength(2);
    // Other variables are another answer.
    await process(fetchOf(`query X($s:String){procedures(search:$s){nodes{code}}}`, { s: 'giấy phép' }));
    expect(subgraph.sent).toHaveLength(3);
  });

  it('never caches a mutation, a health check or schema loading', async () => {
    const subgraph = fakeProcedures();
    const process = cachePublicFetches(subgraph.send, { ttlMs: 60_000 });
    const mutation = fetchOf('mutation M { touch }', {});
    await process(mutation);
    await process(mutation);
    expect(subgraph.sent).toHaveLength(2);
    for (const kind of ['health check', 'loading schema']) {
      const check = {
        kind,
        request: { query: 'query __ApolloServiceHealthCheck__ { __typename }' },
        context: {},
      };
      await process(check as unknown as Options);
      await process(check as unknown as Options);
    }
    expect(subgraph.sent).toHaveLength(6);
  });
});
