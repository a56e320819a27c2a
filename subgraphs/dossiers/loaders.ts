import DataLoader from 'dataloader';
import type { DossierStatus } from '../../drizzle/dossiers.ts';
import { groupLoader, rowLoader } from '../kit/batchLoaders.ts';
import type { PageRequest } from '../kit/pagination.ts';
import {
  emptyStatistics,
  type Applicant,
  type DossiersRepository,
  type StatisticsFilter,
} from './repository.ts';

/**
 * A loader per distinct argument set: fields with arguments (a page of each citizen's dossiers, each
 * procedure's statistics) batch across the entities that share the same arguments.
 */
function perArguments<A, L>(make: (args: A) => L): (args: A) => L {
  const loaders = new Map<string, L>();
  return (args) => {
    const key = JSON.stringify(args);
    let loader = loaders.get(key);
    if (!loader) loaders.set(key, (loader = make(args)));
    return loader;
  };
}

/** Fresh loaders for one request: caches never outlive it. */
export function createLoaders(repo: DossiersRepository) {
  return {
    dossier: rowLoader(repo.dossiersByCodes, (row) => row.code),
    events: groupLoader(repo.eventsOf, (row) => row.dossierCode),
    evidence: groupLoader(repo.evidenceOf, (row) => row.dossierCode),

    applicantPage: perArguments(
      (args: { who: Applicant; status: DossierStatus | null | undefined; page: PageRequest }) =>
        new DataLoader(async (keys: readonly string[]) => {
          const [rows, counts] = await Promise.all([
            repo.pagesByApplicant(args.who, keys, args.status, args.page),
            repo.countsByApplicant(args.who, keys, args.status),
          ]);
          const total = new Map(counts.map((c) => [c.key, c.n]));
          const pages = new Map<string, typeof rows>(keys.map((key) => [key, []]));
          for (const row of rows) pages.get(row.applicantKey)?.push(row);
          return keys.map((key) => ({ rows: pages.get(key) ?? [], totalCount: total.get(key) ?? 0 }));
        }),
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
