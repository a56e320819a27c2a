import { loadSdl } from '../kit/loadSdl.ts';
import { defineSubgraph } from '../kit/subgraphModule.ts';
import { createLoaders } from './loaders.ts';
import { createProceduresRepository } from './repository.ts';
import { resolvers } from './resolvers.ts';

/** The administrative-procedure catalogue subgraph. */
export const procedures = defineSubgraph({
  name: 'procedures',
  public: true,
  typeDefs: loadSdl(import.meta.dirname),
  resolvers,
  createRepository: createProceduresRepository,
  createLoaders,
});
