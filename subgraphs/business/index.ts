import { citizenIsCaller } from '../kit/enforceScopes.ts';
import { loadSdl } from '../kit/loadSdl.ts';
import { defineSubgraph } from '../kit/subgraphModule.ts';
import { createLoaders } from './loaders.ts';
import { createBusinessRepository } from './repository.ts';
import { resolvers } from './resolvers.ts';

/** The business registration subgraph. */
export const business = defineSubgraph({
  name: 'business',
  public: false,
  typeDefs: loadSdl(import.meta.dirname),
  resolvers,
  createRepository: createBusinessRepository,
  createLoaders,
  scopeHooks: { isSelf: citizenIsCaller },
});
