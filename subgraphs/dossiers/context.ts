import type { SubgraphContext, SubgraphDeps } from '../kit/subgraphModule.ts';
import type { SupergraphClient } from '../kit/supergraphClient.ts';
import type { Env } from '../../runtime/env.ts';
import type { DossiersLoaders } from './loaders.ts';
import type { DossiersRepository } from './repository.ts';

/** What every resolver of the dossiers subgraph gets: the request, the repository, this request's loaders and the supergraph client for registry reads. */
export type DossiersContext = SubgraphContext<DossiersRepository, DossiersLoaders> & {
  supergraph?: SupergraphClient;
  /** Where webhooks may go and how many may be registered (WEBHOOK_ALLOWED_HOSTS, WEBHOOK_MAX_SUBSCRIBERS). */
  statusSync: NonNullable<SubgraphDeps['statusSync']>;
  /** The process's settings (the key that signs case assertions). */
  env: Env;
};
