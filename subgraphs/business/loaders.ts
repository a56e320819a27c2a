import { groupLoader, rowLoader } from '../kit/batchLoaders.ts';
import type { BusinessRepository } from './repository.ts';

/** Fresh loaders for one request: caches never outlive it. */
export function createLoaders(repo: BusinessRepository) {
  return {
    business: rowLoader(repo.businessesByCodes, (row) => row.enterpriseCode),
    representatives: groupLoader(repo.representativesOf, (row) => row.enterpriseCode),
    industries: groupLoader(repo.industriesOf, (row) => row.enterpriseCode),
    representedBy: groupLoader(repo.businessesRepresentedBy, (row) => row.personalId),
  };
}

export type BusinessLoaders = ReturnType<typeof createLoaders>;
