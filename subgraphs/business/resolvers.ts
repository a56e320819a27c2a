import type { BusinessContext } from './context.ts';
import type { Resolvers } from './resolverTypes.ts';
import { toAddress } from '../../runtime/address.ts';
import { pageRequest, toConnection } from '../kit/pagination.ts';
import { scalarResolvers } from '../../runtime/scalars.ts';

/** Whether the caller is a citizen this registry records as a legal representative of the enterprise. */
async function representsEnterprise(enterpriseCode: string, ctx: BusinessContext): Promise<boolean> {
  const caller = ctx.request.caller;
  if (caller.role !== 'citizen' || !caller.subject) return false;
  return (await ctx.loaders.representatives.load(enterpriseCode)).some(
    (r) => r.personalId === caller.subject,
  );
}

export const resolvers: Resolvers = {
  Date: scalarResolvers.Date,
  PersonalId: scalarResolvers.PersonalId,
  EnterpriseCode: scalarResolvers.EnterpriseCode,
  Vnd: scalarResolvers.Vnd,
  Query: {
    business: (_, args, ctx) => ctx.loaders.business.load(args.enterpriseCode),
    businesses: async (_, args, ctx) => {
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
    __resolveReference: (ref, ctx) => ctx.loaders.business.load(ref.enterpriseCode),
    headOffice: (b) => toAddress(b.headOffice),
    legalRepresentatives: async (b, _, ctx) =>
      (await ctx.loaders.representatives.load(b.enterpriseCode)).map((r) => ({ personalId: r.personalId })),
    industries: (b, _, ctx) => ctx.loaders.industries.load(b.enterpriseCode),
    representativeGrant: (b, _, ctx) => representsEnterprise(b.enterpriseCode, ctx),
  },
  Document: {
    __resolveReference: (ref) => ({ id: ref.id, holderEnterpriseCode: ref.holderEnterpriseCode ?? null }),
    representativeGrant: (d, _, ctx) =>
      d.holderEnterpriseCode ? representsEnterprise(d.holderEnterpriseCode, ctx) : false,
  },
  DigitisedComponent: {
    __resolveReference: (ref) => ({ id: ref.id, holderEnterpriseCode: ref.holderEnterpriseCode ?? null }),
    representativeGrant: (d, _, ctx) =>
      d.holderEnterpriseCode ? representsEnterprise(d.holderEnterpriseCode, ctx) : false,
  },
  Citizen: {
    // The business register knows citizens only by personal ID; population resolves the rest.
    __resolveReference: (ref) => ({ personalId: ref.personalId }),
    representedBusinesses: async (c, _, ctx) =>
      (await ctx.loaders.representedBy.load(c.personalId)).map((row) => row.business),
  },
};
