import type { SubgraphContext } from '../kit/subgraphModule.ts';
import type { BusinessLoaders } from './loaders.ts';
import type { BusinessRepository } from './repository.ts';

/** What every resolver of the business subgraph gets: the request, the repository, this request's loaders. */
export type BusinessContext = SubgraphContext<BusinessRepository, BusinessLoaders>;
