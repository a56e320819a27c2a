import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { toAddress } from '../../runtime/address.ts';
import { pageRequest, toConnection } from '../kit/pagination.ts';
import { scalarResolvers } from '../../runtime/scalars.ts';
import type { BusinessContext } from './context.ts';
import type { BusinessFilter, BusinessRow } from './repository.ts';

interface SearchArgs extends BusinessFilter {
  first?: number | null;
  after?: string | null;
}

export const resolvers: GraphQLResolverMap<BusinessContext> = {
  Date: scalarResolvers.Date,
  PersonalId: scalarResolvers.PersonalId,
  EnterpriseCode: scalarResolvers.EnterpriseCode,
  Vnd: scalarResolvers.Vnd,
  Query: {
    business: (_: unknown, args: { enterpriseCode: string }, ctx: BusinessContext) =>
      ctx.loaders.business.load(args.enterpriseCode),
    businesses: async (_: unknown, args: SearchArgs, ctx: BusinessContext) => {
      const page = pageRequest(args.first, args.after);
      const rows = await ctx.repo.searchBusinesses(args, page);
      return toConnection(
        rows,
        page,
        () => ctx.repo.countBusinesses(args),
        (row) => [row.enterpriseCode],
      );
    },
  },
  Business: {
    __resolveReference: (ref: { enterpriseCode: string }, ctx: BusinessContext) =>
      ctx.loaders.business.load(ref.enterpriseCode),
    headOffice: (b: BusinessRow) => toAddress(b.headOffice),
    legalRepresentatives: async (b: BusinessRow, _: unknown, ctx: BusinessContext) =>
      (await ctx.loaders.representatives.load(b.enterpriseCode)).map((r) => ({ personalId: r.personalId })),
    industries: (b: BusinessRow, _: unknown, ctx: BusinessContext) =>
      ctx.loaders.industries.load(b.enterpriseCode),
  },
  Citizen: {
    // The business register knows citizens only by personal ID; population resolves the rest.
    __resolveReference: (ref: { personalId: string }) => ({ personalId: ref.personalId }),
    representedBusinesses: async (c: { personalId: string }, _: unknown, ctx: BusinessContext) =>
      (await ctx.loaders.representedBy.load(c.personalId)).map((row) => row.business),
  },
};
