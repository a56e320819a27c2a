import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { LRUCache } from 'lru-cache';
import { clientFetchKey } from './clientFetchKey.ts';

type Options = GraphQLDataSourceProcessOptions<Record<string, unknown>>;
type Send = (options: Options) => Promise<GatewayGraphQLResponse>;
type ResponseError = NonNullable<GatewayGraphQLResponse['errors']>[number];

export interface PublicCacheOptions {
  /** How long an answer is reused, in milliseconds. */
  ttlMs: number;
  /** At most this many cached entities and answers. */
  maxEntries?: number;
  /** Called per entity or answer looked up: served from the cache or not. */
  onLookup?: (hit: boolean) => void;
  /** The clock answers expire by (milliseconds; tests move it by hand). */
  clock?: { now(): number };
}

/**
 * Reuses a public subgraph's answers for a few seconds, across requests and callers. Only for a
 * subgraph whose data is the same for everyone (the procedure catalogue: no scopes, no caller in any
 * resolver), and only for queries:
 * - an `_entities` fetch is cached per entity, so a worklist whose procedures were all seen recently
 *   makes no fetch at all, and one with a few new ones fetches only those;
 * - any other query is cached whole, and identical ones in flight at the same moment share one fetch.
 * Answers with errors are never kept. The fetch's operation name is not part of a key: the planner
 * names fetches after the client's operation.
 */
export function cachePublicFetches(send: Send, options: PublicCacheOptions): Send {
  const cache = new LRUCache<string, { value: unknown }>({
    max: options.maxEntries ?? 10_000,
    ttl: options.ttlMs,
    ...(options.clock ? { perf: options.clock, ttlResolution: 0 } : {}),
  });
  /** Whole answers being fetched right now, by key: the second asker waits for the first. */
  const inFlight = new Map<string, Promise<GatewayGraphQLResponse>>();

  const entities = async (options_: Options, prefix: string, representations: unknown[]) => {
    const keys = representations.map((representation) => `${prefix}${JSON.stringify(representation)}`);
    const found = keys.map((key) => cache.get(key));
    const missing = found.flatMap((hit, i) => (hit ? [] : [i]));
    for (const hit of found) options.onLookup?.(hit !== undefined);
    let fetched: GatewayGraphQLResponse = { data: { _entities: [] } };
    if (missing.length) {
      fetched = await send({
        ...options_,
        request: {
          ...options_.request,
          variables: {
            ...options_.request.variables,
            representations: missing.map((i) => representations[i]),
          },
        },
      } as Options);
    }
    // A fetch that failed as a whole (the subgraph down) answers no list: its entities are null, and
    // the entities already cached are still served.
    const fetchedEntities: unknown[] = Array.isArray(fetched.data?._entities)
      ? (fetched.data._entities as unknown[])
      : missing.map(() => null);
    const wholeFailure =
      !Array.isArray(fetched.data?._entities) || (fetched.errors ?? []).some((e) => !e.path);
    /** Errors of the missing entities, at their index in the fetch they came back from. */
    const failed = new Set<number>();
    const errors = (fetched.errors ?? []).map((error: ResponseError) => {
      const [root, at, ...below] = error.path ?? [];
      if (root !== '_entities' || typeof at !== 'number') return error;
      failed.add(at);
      return { ...error, path: ['_entities', missing[at] as number, ...below] };
    });
    const combined = found.map((hit) => (hit ? structuredClone(hit.value) : undefined));
    missing.forEach((index, at) => {
      const entity = fetchedEntities[at];
      combined[index] = entity;
      if (!failed.has(at) && !wholeFailure)
        cache.set(keys[index] as string, { value: structuredClone(entity) });
    });
    const answer: GatewayGraphQLResponse = { ...fetched, data: { ...fetched.data, _entities: combined } };
    if (errors.length) answer.errors = errors;
    else delete answer.errors;
    return answer;
  };

  const whole = (options_: Options, key: string) => {
    const hit = cache.get(key);
    options.onLookup?.(hit !== undefined);
    if (hit) return Promise.resolve(structuredClone(hit.value) as GatewayGraphQLResponse);
    let pending = inFlight.get(key);
    if (!pending) {
      pending = send(options_).then((response) => {
        if (!response.errors?.length) cache.set(key, { value: structuredClone(response) });
        return response;
      });
      inFlight.set(key, pending);
      void pending.then(
        () => inFlight.delete(key),
        () => inFlight.delete(key),
      );
      return pending;
    }
    // Each asker gets its own copy: the gateway merges later fetches into what it is given.
    return pending.then((response) => structuredClone(response));
  };

  return (options_) => {
    const key = clientFetchKey(options_);
    // Queries of client operations only: mutations, health checks and schema loading reach the subgraph.
    if (key === null || !/^\s*(query\b|\{)/.test(options_.request.query ?? '')) return send(options_);
    const representations = options_.request.variables?.representations;
    return Array.isArray(representations) ? entities(options_, key, representations) : whole(options_, key);
  };
}
