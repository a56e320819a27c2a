import type { SubgraphContext } from '../kit/subgraphModule.ts';
import type { AuditTrail } from './auditTrail.ts';
import type { CitizenQuota } from './citizenQuota.ts';
import type { LimitStore } from '../../runtime/createLimitStore.ts';
import type { ClientLimits } from '../../runtime/clientLimits.ts';
import type { Env } from '../../runtime/env.ts';
import type { PopulationLoaders } from './loaders.ts';
import type { PopulationRepository } from './repository.ts';

/** What every resolver of the population subgraph gets: the request, the repository, this request's loaders and the access records it collects. */
export type PopulationContext = SubgraphContext<PopulationRepository, PopulationLoaders> & {
  audit: AuditTrail;
  quota: CitizenQuota;
  /** Where this process counts per-client limits (verifyCitizen's minute): Redis shared by the replicas, or memory. */
  limitStore: LimitStore;
  /** The clients' limits and the legal bases each is registered for (CLIENT_LIMITS_FILE). */
  clientLimits: ClientLimits;
  /** The process's settings (the case assertions' key), where the service was given them. */
  env?: Env;
  /** The log's verifier key (C2SP signed-note), or null where the service was given no settings. */
  verifierKey: () => Promise<string | null>;
};
