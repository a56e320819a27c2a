import DataLoader from 'dataloader';
import type { DossierStatus } from '../../drizzle/dossiers.ts';
import { groupLoader, rowLoader } from '../kit/batchLoaders.ts';
import { pageLoader } from '../kit/pageLoader.ts';
import { perArguments } from '../kit/perArguments.ts';
import type { PageRequest } from '../kit/pagination.ts';
import type { DossierReach } from './reach.ts';
import {
  emptyStatistics,
  type Applicant,
  type DossiersRepository,
  type StatisticsFilter,
} from './repository.ts';

/** Fresh loaders for one request: caches never outlive it. */
export function createLoaders(repo: DossiersRepository) {
  return {
    dossier: rowLoader(repo.dossiersByCodes, (row) => row.code),
    events: groupLoader(repo.eventsOf, (row) => row.dossierCode),
    evidence: groupLoader(repo.evidenceOf, (row) => row.dossierCode),

    applicantPage: perArguments(
      (args: {
        who: Applicant;
        status: DossierStatus | null | undefined;
        reach: DossierReach;
        page: PageRequest;
      }) =>
        pageLoader(
          (keys) => repo.pagesByApplicant(args.who, keys, args.status, args.reach, args.page),
          (keys) => repo.countsByApplicant(args.who, keys, args.status, args.reach),
          (row) => row.applicantKey,
        ),
    ),

    procedureStatistics: perArguments(
      (filter: StatisticsFilter) =>
        new DataLoader(async (codes: readonly string[]) => {
          const byCode = new Map(
            (await repo.statisticsByProcedure(codes, filter)).map((s) => [s.procedureCode, s]),
          );
          return codes.map((code) => byCode.get(code) ?? emptyStatistics);
        }),
    ),
  };
}

export type DossiersLoaders = ReturnType<typeof createLoaders>;
