import type { SubgraphContext } from '../kit/subgraphModule.ts';
import type { ProceduresLoaders } from './loaders.ts';
import type { ProceduresRepository } from './repository.ts';

/** What every resolver of the procedures subgraph gets: the request, the repository, this request's loaders. */
export type ProceduresContext = SubgraphContext<ProceduresRepository, ProceduresLoaders>;
