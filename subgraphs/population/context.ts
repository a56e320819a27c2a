import type { SubgraphContext } from '../kit/subgraphModule.ts';
import type { AuditTrail } from './auditTrail.ts';
import type { CitizenQuota } from './citizenQuota.ts';
import type { PopulationLoaders } from './loaders.ts';
import type { PopulationRepository } from './repository.ts';

/** What every resolver of the population subgraph gets: the request, the repository, this request's loaders and the access records it collects. */
export type PopulationContext = SubgraphContext<PopulationRepository, PopulationLoaders> & {
  audit: AuditTrail;
  quota: CitizenQuota;
};
