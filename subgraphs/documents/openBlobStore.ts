import type { BlobStoreSettings } from '../../runtime/env.ts';
import { fileBlobStore, type BlobStore } from './blobStore.ts';
import { s3BlobStore } from './s3BlobStore.ts';

/** The scans' store the settings name (BLOB_STORE_URL): the one place that chooses. */
export function openBlobStore(settings: BlobStoreSettings): BlobStore {
  return settings.kind === 's3' ? s3BlobStore(settings) : fileBlobStore(settings.dir);
}
