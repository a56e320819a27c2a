import { loadSdl } from '../kit/loadSdl.ts';
import { defineSubgraph, type SubgraphContext } from '../kit/subgraphModule.ts';
import { auditPlugin } from './auditPlugin.ts';
import { createAuditTrail, type AuditTrail } from './auditTrail.ts';
import { createLoaders, type PopulationLoaders } from './loaders.ts';
import { personalReadHooks } from './personalReadHooks.ts';
import { createPopulationRepository, type PopulationRepository } from './repository.ts';
import { resolvers } from './resolvers.ts';

export type PopulationContext = SubgraphContext<PopulationRepository, PopulationLoaders> & {
  audit: AuditTrail;
};

/** The population (citizen identity) subgraph. */
export const population = defineSubgraph({
  name: 'population',
  typeDefs: loadSdl(import.meta.dirname),
  resolvers,
  createRepository: createPopulationRepository,
  createLoaders,
  createExtras: (request) => ({ audit: createAuditTrail(request.caller) }),
  scopeHooks: personalReadHooks,
  plugins: [auditPlugin],
});
