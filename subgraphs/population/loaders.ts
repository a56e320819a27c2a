import { groupLoader, rowLoader } from '../kit/batchLoaders.ts';
import type { PopulationRepository } from './repository.ts';

/** Fresh loaders for one request: caches never outlive it. */
export function createLoaders(repo: PopulationRepository) {
  return {
    citizen: rowLoader(repo.citizensByIds, (row) => row.personalId),
    household: rowLoader(repo.householdsByIds, (row) => row.id),
    householdMembers: groupLoader(repo.membersOfHouseholds, (row) => row.householdId ?? ''),
  };
}

export type PopulationLoaders = ReturnType<typeof createLoaders>;
