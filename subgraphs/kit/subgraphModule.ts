import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { DocumentNode } from 'graphql';
import type { IncomingHttpHeaders } from 'node:http';
import type { Caller } from './caller.ts';
import type { Db } from './createDb.ts';
import type { SubgraphName } from './subgraphNames.ts';

/** What a subgraph knows about the request it serves. */
export interface SubgraphRequest {
  requestId: string;
  headers: IncomingHttpHeaders;
  /** Who is asking, as the gateway signed it. */
  caller: Caller;
}

/** The context every resolver gets: the request, the subgraph's repository and this request's loaders. */
export interface SubgraphContext<R, L> {
  request: SubgraphRequest;
  repo: R;
  loaders: L;
}

/**
 * The shape every subgraph exports, so that the gateway, the tests and `npm start` treat them alike:
 * its name, its SDL, its resolvers and the per-request context factory.
 */
export interface SubgraphModule<C extends object = object> {
  name: SubgraphName;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<C>;
  createContext(db: Db, request: SubgraphRequest): C;
}

/**
 * A subgraph module from its parts. The context is built the same way everywhere: one repository over
 * the database and loaders made fresh for each request, so no cache outlives it.
 */
export function defineSubgraph<R, L>(spec: {
  name: SubgraphName;
  typeDefs: DocumentNode;
  resolvers: GraphQLResolverMap<SubgraphContext<R, L>>;
  createRepository(db: Db): R;
  createLoaders(repo: R): L;
}): SubgraphModule<SubgraphContext<R, L>> {
  return {
    name: spec.name,
    typeDefs: spec.typeDefs,
    resolvers: spec.resolvers,
    createContext(db, request) {
      const repo = spec.createRepository(db);
      return { request, repo, loaders: spec.createLoaders(repo) };
    },
  };
}

/** Any subgraph module, whatever its context type: what the lists of subgraphs hold. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySubgraphModule = SubgraphModule<any>;
