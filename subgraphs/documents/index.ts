import { citizenIsCaller } from '../kit/enforceScopes.ts';
import { loadSdl } from '../kit/loadSdl.ts';
import { defineSubgraph } from '../kit/subgraphModule.ts';
import { loadEnv, type Env } from '../../runtime/env.ts';
import type { DocumentsContext } from './context.ts';
import type { BlobStore } from './blobStore.ts';
import { openBlobStore } from './openBlobStore.ts';
import { createDocumentKeys, type DocumentKeys } from './documentKeys.ts';
import { receiveUpload } from './receiveUpload.ts';
import { uploadPath } from './requestUpload.ts';
import { scanPath } from './openScanDownload.ts';
import { serveScan } from './serveScan.ts';
import { createLoaders } from './loaders.ts';
import { createDocumentsRepository, type DocumentRow } from './repository.ts';
import { resolvers } from './resolvers.ts';

/** One set of keys and one blob store per process settings, so that their caches outlive a request. */
const storesOf = new WeakMap<Env, { documentKeys: DocumentKeys; blobs: BlobStore }>();
let processEnv: Env | undefined;
function storesFor(env: Env | undefined) {
  const settings = env ?? (processEnv ??= loadEnv());
  let stores = storesOf.get(settings);
  if (!stores)
    storesOf.set(
      settings,
      (stores = {
        documentKeys: createDocumentKeys(settings),
        blobs: openBlobStore(settings.blobStore),
      }),
    );
  return { ...stores, uploads: settings.uploads };
}

/** The e-document store subgraph: issued results, signed by their agencies, reused as evidence. */
export const documents = defineSubgraph({
  name: 'documents',
  public: false,
  // Issuing reads the dossier through the gateway, as the officer who completed it.
  readsThroughGateway: true,
  typeDefs: loadSdl(import.meta.dirname),
  resolvers,
  createRepository: createDocumentsRepository,
  createLoaders,
  createExtras: (
    _request,
    deps,
  ): Pick<DocumentsContext, 'supergraph' | 'documentKeys' | 'blobs' | 'uploads'> => ({
    supergraph: deps.supergraph,
    ...storesFor(deps.env),
  }),
  // Scans arrive as plain bytes, not GraphQL: the gateway passes the PUT to the upload URL through.
  routes: {
    [uploadPath]: {
      method: 'PUT',
      maxBytes: (env) => (env ?? (processEnv ??= loadEnv())).uploads.maxBytes,
      handle: (ctx, body, url) => receiveUpload(ctx, body, url, ctx.uploads),
    },
    // A scan's bytes, to the caller a one-time URL (DigitisedComponent.download) was given to.
    [scanPath]: {
      method: 'GET',
      maxBytes: () => 0,
      handle: (ctx, _body, url) => serveScan(ctx, url),
    },
  },
  scopeHooks: {
    // A citizen's own documents are their citizen:self.
    // A legal representative (the business registry's grant) sees the enterprise's documents as its own.
    isSelf: (typeName, parent, ctx) => {
      if (typeName === 'Business')
        return (parent as { representativeGrant?: boolean | null }).representativeGrant === true;
      if (typeName === 'Document' || typeName === 'DigitisedComponent') {
        const row = parent as DocumentRow & {
          viaRepresentative?: boolean;
          representativeGrant?: boolean | null;
        };
        return (
          (row.holderKind === 'CITIZEN' && row.holderId === ctx.request.caller.subject) ||
          (row.holderKind === 'BUSINESS' &&
            (row.viaRepresentative === true || row.representativeGrant === true))
        );
      }
      return citizenIsCaller(typeName, parent, ctx);
    },
  },
});
