import { loadSdl } from '../kit/loadSdl.ts';
import { defineSubgraph } from '../kit/subgraphModule.ts';
import { auditPlugin } from './auditPlugin.ts';
import { createAuditTrail } from './auditTrail.ts';
import { createLoaders } from './loaders.ts';
import { personalReadHooks } from './personalReadHooks.ts';
import { createPopulationRepository } from './repository.ts';
import { resolvers } from './resolvers.ts';

/** The population (citizen identity) subgraph. */
export const population = defineSubgraph({
  name: 'population',
  public: false,
  typeDefs: loadSdl(import.meta.dirname),
  resolvers,
  createRepository: createPopulationRepository,
  createLoaders,
  createExtras: (request) => ({ audit: createAuditTrail(request.caller) }),
  scopeHooks: personalReadHooks,
  plugins: [auditPlugin],
});
