import { citizenIsCaller } from '../kit/enforceScopes.ts';
import { loadSdl } from '../kit/loadSdl.ts';
import { defineSubgraph } from '../kit/subgraphModule.ts';
import { loadEnv, type Env } from '../../runtime/env.ts';
import type { DocumentsContext } from './context.ts';
import { createDocumentKeys, type DocumentKeys } from './documentKeys.ts';
import { createLoaders } from './loaders.ts';
import { createDocumentsRepository, type DocumentRow } from './repository.ts';
import { resolvers } from './resolvers.ts';

/** One set of keys per process settings, so that their cache outlives a request. */
const keysOf = new WeakMap<Env, DocumentKeys>();
let processEnv: Env | undefined;
function documentKeysFor(env: Env | undefined): DocumentKeys {
  const settings = env ?? (processEnv ??= loadEnv());
  let keys = keysOf.get(settings);
  if (!keys) keysOf.set(settings, (keys = createDocumentKeys(settings)));
  return keys;
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
  createExtras: (_request, deps): Pick<DocumentsContext, 'supergraph' | 'documentKeys'> => ({
    supergraph: deps.supergraph,
    documentKeys: documentKeysFor(deps.env),
  }),
  scopeHooks: {
    // A citizen's own documents are their citizen:self.
    isSelf: (typeName, parent, ctx) =>
      typeName === 'Document'
        ? (parent as DocumentRow).holderKind === 'CITIZEN' &&
          (parent as DocumentRow).holderId === ctx.request.caller.subject
        : citizenIsCaller(typeName, parent, ctx),
  },
});
