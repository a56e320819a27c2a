import { citizenIsCaller } from '../kit/enforceScopes.ts';
import { loadSdl } from '../kit/loadSdl.ts';
import { defineSubgraph, type SubgraphContext } from '../kit/subgraphModule.ts';
import { createLoaders, type BusinessLoaders } from './loaders.ts';
import { createBusinessRepository, type BusinessRepository } from './repository.ts';
import { resolvers } from './resolvers.ts';

export type BusinessContext = SubgraphContext<BusinessRepository, BusinessLoaders>;

/** The business registration subgraph. */
export const business = defineSubgraph({
  name: 'business',
  typeDefs: loadSdl(import.meta.dirname),
  resolvers,
  createRepository: createBusinessRepository,
  createLoaders,
  scopeHooks: { isSelf: citizenIsCaller },
});
