import { citizenIsCaller } from '../kit/enforceScopes.ts';
import { loadSdl } from '../kit/loadSdl.ts';
import type { SupergraphClient } from '../kit/supergraphClient.ts';
import { defineSubgraph, type SubgraphContext } from '../kit/subgraphModule.ts';
import { createLoaders, type DossiersLoaders } from './loaders.ts';
import { createDossiersRepository, type DossiersRepository } from './repository.ts';
import { resolvers } from './resolvers.ts';

export type DossiersContext = SubgraphContext<DossiersRepository, DossiersLoaders> & {
  supergraph?: SupergraphClient;
};

/** The one-stop-shop dossier records subgraph. */
export const dossiers = defineSubgraph({
  name: 'dossiers',
  typeDefs: loadSdl(import.meta.dirname),
  resolvers,
  createRepository: createDossiersRepository,
  createLoaders,
  createExtras: (_request, deps): { supergraph?: SupergraphClient } => ({ supergraph: deps.supergraph }),
  scopeHooks: { isSelf: citizenIsCaller },
});
