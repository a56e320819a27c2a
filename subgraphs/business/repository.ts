import { and, asc, eq, gt, like, sql, type SQL } from 'drizzle-orm';
import { businesses, businessIndustries, legalRepresentatives } from '../../drizzle/business.ts';
import { anyOf } from '../kit/anyOf.ts';
import type { Db } from '../kit/createDb.ts';
import type { PageRequest } from '../kit/pagination.ts';
import { likeContaining, searchText } from '../../runtime/searchText.ts';

export type BusinessRow = typeof businesses.$inferSelect;
export type IndustryRow = typeof businessIndustries.$inferSelect;
export type RepresentativeRow = typeof legalRepresentatives.$inferSelect;

export interface BusinessFilter {
  name?: string | null;
  provinceCode?: string | null;
  status?: BusinessRow['status'] | null;
}

/** All SQL of the business subgraph. */
export function createBusinessRepository(db: Db) {
  const where = (filter: BusinessFilter): SQL | undefined =>
    and(
      filter.name ? like(businesses.searchName, likeContaining(searchText(filter.name))) : undefined,
      filter.provinceCode ? eq(businesses.provinceCode, filter.provinceCode) : undefined,
      filter.status ? eq(businesses.status, filter.status) : undefined,
    );

  return {
    businessesByCodes: (codes: readonly string[]): Promise<BusinessRow[]> =>
      db.select().from(businesses).where(anyOf(businesses.enterpriseCode, codes)),

    /** A page in enterprise-code order, one row more than asked to tell whether more follow. */
    searchBusinesses: (filter: BusinessFilter, page: PageRequest): Promise<BusinessRow[]> =>
      db
        .select()
        .from(businesses)
        .where(
          and(where(filter), page.after ? gt(businesses.enterpriseCode, page.after[0] ?? '') : undefined),
        )
        .orderBy(asc(businesses.enterpriseCode))
        .limit(page.first + 1),

    countBusinesses: async (filter: BusinessFilter): Promise<number> => {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(businesses)
        .where(where(filter));
      return row?.n ?? 0;
    },

    representativesOf: (codes: readonly string[]): Promise<RepresentativeRow[]> =>
      db
        .select()
        .from(legalRepresentatives)
        .where(anyOf(legalRepresentatives.enterpriseCode, codes))
        .orderBy(legalRepresentatives.enterpriseCode, legalRepresentatives.personalId),

    industriesOf: (codes: readonly string[]): Promise<IndustryRow[]> =>
      db
        .select()
        .from(businessIndustries)
        .where(anyOf(businessIndustries.enterpriseCode, codes))
        .orderBy(
          businessIndustries.enterpriseCode,
          sql`${businessIndustries.main} desc`,
          businessIndustries.code,
        ),

    /** The businesses each citizen represents, tagged with that citizen's ID. */
    businessesRepresentedBy: async (personalIds: readonly string[]) =>
      db
        .select({ personalId: legalRepresentatives.personalId, business: businesses })
        .from(legalRepresentatives)
        .innerJoin(businesses, eq(businesses.enterpriseCode, legalRepresentatives.enterpriseCode))
        .where(anyOf(legalRepresentatives.personalId, personalIds))
        .orderBy(legalRepresentatives.personalId, businesses.enterpriseCode),
  };
}

export type BusinessRepository = ReturnType<typeof createBusinessRepository>;
