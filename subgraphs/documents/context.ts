import type { SubgraphContext } from '../kit/subgraphModule.ts';
import type { SupergraphClient } from '../kit/supergraphClient.ts';
import type { Env } from '../../runtime/env.ts';
import type { BlobStore } from './blobStore.ts';
import type { DocumentKeys } from './documentKeys.ts';
import type { DocumentsLoaders } from './loaders.ts';
import type { DocumentsRepository } from './repository.ts';

/** What every resolver of the documents subgraph gets: the request, the repository, this request's loaders, the agencies' keys and the supergraph client. */
export type DocumentsContext = SubgraphContext<DocumentsRepository, DocumentsLoaders> & {
  supergraph?: SupergraphClient;
  documentKeys: DocumentKeys;
  /** Where scans are stored (files under DATA_DIR/blobs). */
  blobs: BlobStore;
  /** UPLOAD_MAX_BYTES and UPLOAD_DAILY_QUOTA_BYTES. */
  uploads: Env['uploads'];
};
