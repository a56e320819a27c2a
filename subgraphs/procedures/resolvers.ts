import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { checkLength, checkProcedureCode, checkProvinceCode } from '../kit/checkArgs.ts';
import { pageRequest, toConnection } from '../kit/pagination.ts';
import { scalarResolvers } from '../../runtime/scalars.ts';
import { vietnamDate } from '../../runtime/vietnamTime.ts';
import type { ProceduresContext } from './context.ts';
import { policyInForce, quoteFee } from './quoteFee.ts';
import type { AgencyRow, ProcedureFilter, ProcedureRow } from './repository.ts';

interface SearchArgs extends ProcedureFilter {
  first?: number | null;
  after?: string | null;
}

export const resolvers: GraphQLResolverMap<ProceduresContext> = {
  Date: scalarResolvers.Date,
  Vnd: scalarResolvers.Vnd,
  Query: {
    procedure: (_: unknown, args: { code: string }, ctx: ProceduresContext) => {
      checkProcedureCode(args.code);
      return ctx.loaders.procedure.load(args.code);
    },
    procedures: async (_: unknown, args: SearchArgs, ctx: ProceduresContext) => {
      checkLength(args.search, 'search');
      checkLength(args.sector, 'sector');
      checkLength(args.agencyCode, 'agencyCode', 35);
      const page = pageRequest(args.first, args.after);
      const rows = await ctx.repo.searchProcedures(args, page);
      return toConnection(
        rows,
        page,
        () => ctx.repo.countProcedures(args),
        (row) => [row.code],
      );
    },
    feePolicies: (_: unknown, args: { provinceCode: string }, ctx: ProceduresContext) => {
      checkProvinceCode(args.provinceCode);
      return ctx.loaders.policies.load(args.provinceCode);
    },
  },
  Procedure: {
    __resolveReference: (ref: { code: string }, ctx: ProceduresContext) =>
      ctx.loaders.procedure.load(ref.code),
    agency: (p: ProcedureRow, _: unknown, ctx: ProceduresContext) => ctx.loaders.agency.load(p.agencyCode),
    fees: (p: ProcedureRow, _: unknown, ctx: ProceduresContext) => ctx.loaders.fees.load(p.code),
    requirements: (p: ProcedureRow, _: unknown, ctx: ProceduresContext) =>
      ctx.loaders.requirements.load(p.code),
    feeQuote: async (
      p: ProcedureRow,
      args: { provinceCode: string; channel: string },
      ctx: ProceduresContext,
    ) => {
      checkProvinceCode(args.provinceCode);
      const [fees, policies] = await Promise.all([
        ctx.loaders.fees.load(p.code),
        ctx.loaders.policies.load(args.provinceCode),
      ]);
      return quoteFee(fees, policyInForce(policies, args.channel, vietnamDate()));
    },
  },
  Agency: {
    __resolveReference: (ref: { code: string }, ctx: ProceduresContext) => ctx.loaders.agency.load(ref.code),
    provinceCode: (a: AgencyRow) => a.provinceCode,
  },
};
