import type { SubgraphContext } from '../kit/subgraphModule.ts';
import type { SupergraphClient } from '../kit/supergraphClient.ts';
import type { DocumentKeys } from './documentKeys.ts';
import type { DocumentsLoaders } from './loaders.ts';
import type { DocumentsRepository } from './repository.ts';

/** What every resolver of the documents subgraph gets: the request, the repository, this request's loaders, the agencies' keys and the supergraph client. */
export type DocumentsContext = SubgraphContext<DocumentsRepository, DocumentsLoaders> & {
  supergraph?: SupergraphClient;
  documentKeys: DocumentKeys;
};
