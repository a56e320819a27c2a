import { groupLoader, rowLoader } from '../kit/batchLoaders.ts';
import { pageLoader } from '../kit/pageLoader.ts';
import type { PageRequest } from '../kit/pagination.ts';
import { perArguments } from '../kit/perArguments.ts';
import type { PopulationRepository } from './repository.ts';

/** Fresh loaders for one request: caches never outlive it. */
export function createLoaders(repo: PopulationRepository) {
  return {
    citizen: rowLoader(repo.citizensByIds, (row) => row.personalId),
    household: rowLoader(repo.householdsByIds, (row) => row.id),
    householdMembers: groupLoader(repo.membersOfHouseholds, (row) => row.householdId ?? ''),
    accessLog: perArguments((page: PageRequest) =>
      pageLoader(
        (keys) => repo.accessRecordsOf(keys, page),
        (keys) => repo.countAccessRecords(keys),
        (row) => row.personalId,
      ),
    ),
  };
}

export type PopulationLoaders = ReturnType<typeof createLoaders>;
