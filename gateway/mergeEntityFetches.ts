import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { clientFetchKey } from './clientFetchKey.ts';

type Options = GraphQLDataSourceProcessOptions<Record<string, unknown>>;
type Send = (options: Options) => Promise<GatewayGraphQLResponse>;
type ResponseError = NonNullable<GatewayGraphQLResponse['errors']>[number];

interface Member {
  options: Options;
  representations: unknown[];
  resolve: (response: GatewayGraphQLResponse) => void;
  reject: (error: unknown) => void;
}

/**
 * Turns the `_entities` fetches one request makes to one subgraph at the same moment with the same
 * selection into a single fetch. A query plan fetches per path: the worklist's applicants and the
 * citizens its evidence names are two population fetches of `{ fullName }`, run in parallel, mostly for
 * the same people. Merged, the subgraph gets one request with each representation once, resolves it in
 * one batch and writes one access-log group; each fetch gets back exactly its own entities, in its
 * order, with errors re-pathed to its own indexes.
 *
 * Only fetches of one client request are merged (the caller context is the request's), and only
 * `_entities` fetches: they are queries whose result is a list indexed by representation.
 */
export function mergeEntityFetches(send: Send): Send {
  const pending = new Map<object, Map<string, Member[]>>();

  const flush = (context: object) => {
    const groups = pending.get(context);
    pending.delete(context);
    for (const members of groups?.values() ?? []) {
      const [only] = members;
      if (members.length === 1 && only) send(only.options).then(only.resolve, only.reject);
      else sendMerged(send, members);
    }
  };

  return (options) => {
    const representations = options.request.variables?.representations;
    const key = clientFetchKey(options);
    if (key === null || !options.context || !Array.isArray(representations)) return send(options);
    const context = options.context;
    // The plan's fetches of one stage are all issued before the next tick: collect them until then.
    let groups = pending.get(context);
    if (!groups) {
      pending.set(context, (groups = new Map()));
      process.nextTick(flush, context);
    }
    let members = groups.get(key);
    if (!members) groups.set(key, (members = []));
    const group = members;
    return new Promise((resolve, reject) => group.push({ options, representations, resolve, reject }));
  };
}

function sendMerged(send: Send, members: Member[]): void {
  const merged: unknown[] = [];
  const indexOf = new Map<string, number>();
  /** For each member, the merged index of each of its representations. */
  const positions = members.map((member) =>
    member.representations.map((representation) => {
      const key = JSON.stringify(representation);
      let at = indexOf.get(key);
      if (at === undefined) {
        indexOf.set(key, (at = merged.length));
        merged.push(representation);
      }
      return at;
    }),
  );
  const first = (members[0] as Member).options;
  const options = {
    ...first,
    request: { ...first.request, variables: { ...first.request.variables, representations: merged } },
  } as Options;
  send(options).then(
    (response) => {
      const used = new Set<number>();
      members.forEach((member, i) => member.resolve(part(response, positions[i] as number[], used)));
    },
    (error: unknown) => members.forEach((member) => member.reject(error)),
  );
}

/**
 * One member's share of the merged response. An entity two members share is copied for the second:
 * the gateway merges later fetches into the objects it is given, and each path must own its own.
 */
function part(
  response: GatewayGraphQLResponse,
  positions: number[],
  used: Set<number>,
): GatewayGraphQLResponse {
  const entities = response.data?._entities;
  const data = Array.isArray(entities)
    ? {
        ...response.data,
        _entities: positions.map((at) => {
          const entity: unknown = entities[at];
          if (!used.has(at)) {
            used.add(at);
            return entity;
          }
          return entity && typeof entity === 'object' ? structuredClone(entity) : entity;
        }),
      }
    : response.data;
  const errors = response.errors?.flatMap((error: ResponseError): ResponseError[] => {
    const [root, at, ...below] = error.path ?? [];
    if (root !== '_entities' || typeof at !== 'number') return [error];
    return positions.flatMap((merged, own) =>
      merged === at ? [{ ...error, path: ['_entities', own, ...below] }] : [],
    );
  });
  const own: GatewayGraphQLResponse = { ...response, data };
  if (errors?.length) own.errors = errors;
  else delete own.errors;
  return own;
}
