import { recorded } from '../kit/recorded.ts';
import type { Resolvers } from './resolverTypes.ts';
import { checkLength, checkProcedureCode, checkProvinceCode } from '../kit/checkArgs.ts';
import { pageRequest, toConnection } from '../kit/pagination.ts';
import { documentTypesAccepting } from '../../runtime/documentTypes.ts';
import { badInput } from '../../runtime/errors.ts';
import { normalProcedureCode } from '../../runtime/procedureCode.ts';
import { scalarResolvers } from '../../runtime/scalars.ts';
import { vietnamDate } from '../../runtime/vietnamTime.ts';
import { policyInForce, quoteFee } from './quoteFee.ts';

export const resolvers: Resolvers = {
  Date: scalarResolvers.Date,
  Vnd: scalarResolvers.Vnd,
  Query: {
    procedure: (_, args, ctx) => {
      checkProcedureCode(args.code);
      return ctx.loaders.procedure.load(normalProcedureCode(args.code));
    },
    procedures: async (_, args, ctx) => {
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
    feePolicies: (_, args, ctx) => {
      checkProvinceCode(args.provinceCode);
      return ctx.loaders.policies.load(args.provinceCode);
    },
  },
  Procedure: {
    __resolveReference: (ref, ctx) => ctx.loaders.procedure.load(ref.code),
    agency: async (p, _, ctx) =>
      recorded(
        await ctx.loaders.agency.load(p.agencyCode),
        `procedure ${p.code} names unknown agency ${p.agencyCode}`,
      ),
    fees: (p, _, ctx) => ctx.loaders.fees.load(p.code),
    requirements: (p, _, ctx) => ctx.loaders.requirements.load(p.code),
    feeQuote: async (p, args, ctx) => {
      checkProvinceCode(args.provinceCode);
      if (args.channel === 'ONLINE' && p.onlineService === 'NONE')
        throw badInput(`Procedure ${p.code} is not offered online: quote IN_PERSON or POSTAL`, 'channel', {
          reason: 'NOT_OFFERED_ONLINE',
        });
      const [fees, policies] = await Promise.all([
        ctx.loaders.fees.load(p.code),
        ctx.loaders.policies.load(args.provinceCode),
      ]);
      const day = args.on ?? vietnamDate();
      return quoteFee(fees, policyInForce(policies, args.channel, day), args.channel, day);
    },
  },
  Requirement: {
    acceptedDocumentTypes: (r) => documentTypesAccepting(r.name),
  },
  Agency: {
    __resolveReference: (ref, ctx) => ctx.loaders.agency.load(ref.code),
    provinceCode: (a) => a.provinceCode,
    wardCode: (a) => a.wardCode,
  },
};
