import DataLoader from 'dataloader';
import { groupLoader, rowLoader } from '../kit/batchLoaders.ts';
import { pageLoader } from '../kit/pageLoader.ts';
import type { PageRequest } from '../kit/pagination.ts';
import { perArguments } from '../kit/perArguments.ts';
import type { AccessLogFilter, PopulationRepository } from './repository.ts';
import { caseReachOf } from '../../runtime/caseReach.ts';
import type { SubgraphRequest } from '../kit/subgraphModule.ts';

/**
 * Fresh loaders for one request: caches never outlive it. For a caller bound to cases (caseReach.ts),
 * each citizen and household comes with its case, in the same one statement.
 */
export function createLoaders(repo: PopulationRepository, request: SubgraphRequest) {
  const reach = caseReachOf(request.caller);
  const named = request.caller.dossierCode;
  return {
    citizen: rowLoader(
      reach ? (ids) => repo.citizensWithCase(ids, reach, named) : repo.citizensByIds,
      (row) => row.personalId,
    ),
    household: rowLoader(
      reach ? (ids) => repo.householdsWithCase(ids, reach, named) : repo.householdsByIds,
      (row) => row.id,
    ),
    householdMembers: groupLoader(repo.membersOfHouseholds, (row) => row.householdId ?? ''),
    treeNode: rowLoader(repo.treeNodes, (row) => row.key),
    /** The latest checkpoint, read once per request (the only key is 'latest'). */
    latestCheckpoint: new DataLoader(async (keys: readonly string[]) => {
      const latest = await repo.latestCheckpoint();
      return keys.map(() => latest);
    }),
    accessLog: perArguments((args: { page: PageRequest; filter: AccessLogFilter }) =>
      pageLoader(
        (keys) => repo.accessRecordsOf(keys, args.page, args.filter),
        (keys) => repo.countAccessRecords(keys, args.filter),
        (row) => row.personalId,
      ),
    ),
  };
}

export type PopulationLoaders = ReturnType<typeof createLoaders>;
