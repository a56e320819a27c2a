import { groupLoader, rowLoader } from '../kit/batchLoaders.ts';
import type { DocumentsRepository } from './repository.ts';

/** Fresh loaders for one request: caches never outlive it. */
export function createLoaders(repo: DocumentsRepository) {
  return {
    document: rowLoader(repo.documentsByIds, (row) => row.id),
    byDossier: rowLoader(repo.documentsByDossiers, (row) => row.dossierCode ?? ''),
    ofHolder: groupLoader(repo.documentsOfHolders, (row) => row.holderId),
    component: rowLoader(repo.componentsByIds, (row) => row.id),
    componentsOfDossier: groupLoader(repo.componentsOfDossiers, (row) => row.dossierCode),
    componentsOfHolder: groupLoader(repo.componentsOfHolders, (row) => row.holderId),
  };
}

export type DocumentsLoaders = ReturnType<typeof createLoaders>;
