import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { describe, expect, it } from 'vitest';
import { mergeEntityFetches } from '../gateway/mergeEntityFetches.ts';

type Options = GraphQLDataSourceProcessOptions<Record<string, unknown>>;
const citizen = (id: string) => ({ __typename: 'Citizen', personalId: id });
const selection =
  '($representations:[_Any!]!){_entities(representations:$representations){...on Citizen{fullName}}}';

/** A fetch as the gateway's executor hands it to a data source. */
function fetchOf(
  context: object,
  name: string,
  representations: unknown[],
  query = `query ${name}${selection}`,
) {
  return {
    kind: 'incoming operation',
    request: { query, operationName: name, variables: { representations } },
    context,
    incomingRequestContext: {},
  } as unknown as Options;
}

/** A subgraph that answers each representation with its name, or an error for the IDs in `failing`. */
function fakeSubgraph(failing: string[] = []) {
  const sent: Options[] = [];
  const send = async (options: Options): Promise<GatewayGraphQLResponse> => {
    sent.push(options);
    const representations = options.request.variables?.representations as Array<{ personalId: string }>;
    return {
      data: {
        _entities: representations.map((r) =>
          failing.includes(r.personalId)
            ? null
            : { fullName: `Name of ${r.personalId}`, household: { id: 1 } },
        ),
      },
      errors: representations.flatMap((r, i) =>
        failing.includes(r.personalId)
          ? [{ message: `no ${r.personalId}`, path: ['_entities', i, 'fullName'], extensions: { code: 'X' } }]
          : [],
      ),
    } as GatewayGraphQLResponse;
  };
  return { sent, send };
}

describe('mergeEntityFetches', () => {
  it('sends the same-selection entity fetches of one request as one, each representation once', async () => {
    const subgraph = fakeSubgraph();
    const process = mergeEntityFetches(subgraph.send);
    const context = {};
    const [applicants, evidence] = await Promise.all([
      process(fetchOf(context, 'Worklist__population__1', [citizen('001'), citizen('002')])),
      process(fetchOf(context, 'Worklist__population__3', [citizen('002'), citizen('003'), citizen('001')])),
    ]);
    expect(subgraph.sent).toHaveLength(1);
    expect(subgraph.sent[0]?.request.variables?.representations).toEqual([
      citizen('001'),
      citizen('002'),
      citizen('003'),
    ]);
    const names = (response?: GatewayGraphQLResponse) =>
      (response?.data?._entities as Array<{ fullName: string }>).map((e) => e.fullName);
    expect(names(applicants)).toEqual(['Name of 001', 'Name of 002']);
    expect(names(evidence)).toEqual(['Name of 002', 'Name of 003', 'Name of 001']);
    // The gateway merges later fetches into these objects: a shared entity must not be one object twice.
    const first = (applicants?.data?._entities as object[])[1];
    const again = (evidence?.data?._entities as object[])[0];
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
  });

  it('gives each fetch only the errors of its own entities, at its own indexes', async () => {
    const subgraph = fakeSubgraph(['002']);
    const process = mergeEntityFetches(subgraph.send);
    const context = {};
    const [a, b, c] = await Promise.all([
      process(fetchOf(context, 'Q__population__1', [citizen('001'), citizen('002')])),
      process(fetchOf(context, 'Q__population__2', [citizen('003'), citizen('004'), citizen('002')])),
      process(fetchOf(context, 'Q__population__3', [citizen('005')])),
    ]);
    expect(subgraph.sent).toHaveLength(1);
    expect(a?.errors?.map((e) => e.path)).toEqual([['_entities', 1, 'fullName']]);
    expect(b?.errors?.map((e) => e.path)).toEqual([['_entities', 2, 'fullName']]);
    expect(b?.errors?.[0]?.extensions?.code).toBe('X');
    expect(c?.errors).toBeUndefined();
    expect((b?.data?._entities as unknown[])[2]).toBeNull();
  });

  it('keeps requests, selections and later ticks apart', async () => {
    const subgraph = fakeSubgraph();
    const process = mergeEntityFetches(subgraph.send);
    const one = {};
    const other = {};
    await Promise.all([
      process(fetchOf(one, 'A__population__1', [citizen('001')])),
      process(fetchOf(other, 'B__population__1', [citizen('001')])),
      process(
        fetchOf(
          one,
          'A__population__2',
          [citizen('001')],
          'query A__population__2($representations:[_Any!]!){_entities(representations:$representations){...on Citizen{birthDate}}}',
        ),
      ),
    ]);
    expect(subgraph.sent).toHaveLength(3);
    await process(fetchOf(one, 'A__population__3', [citizen('002')]));
    await process(fetchOf(one, 'A__population__4', [citizen('002')]));
    expect(subgraph.sent).toHaveLength(5);
  });

  it('passes other fetches through and fails every merged fetch when the merged one fails', async () => {
    const sent: Options[] = [];
    const process = mergeEntityFetches(async (options) => {
      sent.push(options);
      if (options.request.variables?.representations) throw new Error('connection reset');
      return { data: { dossiers: [] } } as GatewayGraphQLResponse;
    });
    const context = {};
    const root = { ...fetchOf(context, 'Q__dossiers__0', []), request: { query: '{ dossiers { code } }' } };
    await expect(process(root as Options)).resolves.toEqual({ data: { dossiers: [] } });
    const results = await Promise.allSettled([
      process(fetchOf(context, 'Q__population__1', [citizen('001')])),
      process(fetchOf(context, 'Q__population__2', [citizen('002')])),
    ]);
    expect(sent).toHaveLength(2);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
