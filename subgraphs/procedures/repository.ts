import { and, asc, desc, eq, gt, like, or, sql, type SQL } from 'drizzle-orm';
import { agencies, feePolicies, fees, procedureCatalogue, requirements } from '../../drizzle/procedures.ts';
import { anyOf } from '../kit/anyOf.ts';
import type { Db } from '../kit/createDb.ts';
import type { PageRequest } from '../kit/pagination.ts';
import { likeContaining, searchText } from '../../runtime/searchText.ts';

export type ProcedureRow = typeof procedureCatalogue.$inferSelect;
export type AgencyRow = typeof agencies.$inferSelect;
export type FeeRow = typeof fees.$inferSelect;
export type RequirementRow = typeof requirements.$inferSelect;
export type FeePolicyRow = typeof feePolicies.$inferSelect;

export interface ProcedureFilter {
  search?: string | null;
  sector?: string | null;
  agencyCode?: string | null;
  onlineService?: ProcedureRow['onlineService'] | null;
}

/** All SQL of the procedures subgraph. */
export function createProceduresRepository(db: Db) {
  const where = (filter: ProcedureFilter): SQL | undefined =>
    and(
      filter.search
        ? or(
            like(procedureCatalogue.searchText, likeContaining(searchText(filter.search))),
            like(procedureCatalogue.code, `${filter.search.replace(/[\\%_]/g, '')}%`),
          )
        : undefined,
      filter.sector ? eq(procedureCatalogue.sector, filter.sector) : undefined,
      filter.agencyCode ? eq(procedureCatalogue.agencyCode, filter.agencyCode) : undefined,
      filter.onlineService ? eq(procedureCatalogue.onlineService, filter.onlineService) : undefined,
    );

  return {
    proceduresByCodes: (codes: readonly string[]): Promise<ProcedureRow[]> =>
      db.select().from(procedureCatalogue).where(anyOf(procedureCatalogue.code, codes)),

    searchProcedures: (filter: ProcedureFilter, page: PageRequest): Promise<ProcedureRow[]> =>
      db
        .select()
        .from(procedureCatalogue)
        .where(and(where(filter), page.after ? gt(procedureCatalogue.code, page.after[0] ?? '') : undefined))
        .orderBy(asc(procedureCatalogue.code))
        .limit(page.first + 1),

    countProcedures: async (filter: ProcedureFilter): Promise<number> => {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(procedureCatalogue)
        .where(where(filter));
      return row?.n ?? 0;
    },

    agenciesByCodes: (codes: readonly string[]): Promise<AgencyRow[]> =>
      db.select().from(agencies).where(anyOf(agencies.code, codes)),

    feesOf: (procedureCodes: readonly string[]): Promise<FeeRow[]> =>
      db
        .select()
        .from(fees)
        .where(anyOf(fees.procedureCode, procedureCodes))
        .orderBy(fees.procedureCode, fees.position),

    requirementsOf: (procedureCodes: readonly string[]): Promise<RequirementRow[]> =>
      db
        .select()
        .from(requirements)
        .where(anyOf(requirements.procedureCode, procedureCodes))
        .orderBy(requirements.procedureCode, requirements.position),

    /** Every policy of the given provinces, newest first within a province and channel. */
    policiesOf: (provinceCodes: readonly string[]): Promise<FeePolicyRow[]> =>
      db
        .select()
        .from(feePolicies)
        .where(anyOf(feePolicies.provinceCode, provinceCodes))
        .orderBy(feePolicies.provinceCode, feePolicies.channel, desc(feePolicies.validFrom)),
  };
}

export type ProceduresRepository = ReturnType<typeof createProceduresRepository>;
