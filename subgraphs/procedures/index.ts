import { loadSdl } from '../kit/loadSdl.ts';
import { defineSubgraph, type SubgraphContext } from '../kit/subgraphModule.ts';
import { createLoaders, type ProceduresLoaders } from './loaders.ts';
import { createProceduresRepository, type ProceduresRepository } from './repository.ts';
import { resolvers } from './resolvers.ts';

export type ProceduresContext = SubgraphContext<ProceduresRepository, ProceduresLoaders>;

/** The administrative-procedure catalogue subgraph. */
export const procedures = defineSubgraph({
  name: 'procedures',
  typeDefs: loadSdl(import.meta.dirname),
  resolvers,
  createRepository: createProceduresRepository,
  createLoaders,
});
