import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import type { DossierStatus } from '../../drizzle/dossiers.ts';
import { checkLength, checkProcedureCode, checkProvinceCode } from '../kit/checkArgs.ts';
import { badInput, gqlError } from '../../runtime/errors.ts';
import { instantAndCode, pageRequest, toConnection } from '../kit/pagination.ts';
import { scalarResolvers } from '../../runtime/scalars.ts';
import { rateDossier, transitionDossier } from './changeDossier.ts';
import type { DossiersContext } from './context.ts';
import { submitDossier, type SubmitDossierInput } from './submitDossier.ts';
import { isOverdue, nationalStatusCode } from './lifecycle.ts';
import { dossierCodeProblem } from '../../runtime/dossierCode.ts';
import { reachOf, withinReach } from './reach.ts';
import {
  dossierCursor,
  type Applicant,
  type DossierRow,
  type EvidenceRow,
  type StatisticsFilter,
  type WorklistFilter,
} from './repository.ts';

interface PageArgs {
  first?: number | null;
  after?: string | null;
}

function checkDossierCode(code: string): void {
  const why = dossierCodeProblem(code);
  if (why) throw badInput(`code '${code.slice(0, 60)}': ${why}`, 'code');
}

function checkStatisticsFilter(f: StatisticsFilter): void {
  if (f.from && f.to && f.from > f.to) throw badInput('from must not be after to', 'from');
  checkProvinceCode(f.provinceCode);
  checkLength(f.agencyCode, 'agencyCode', 35);
  checkProcedureCode(f.procedureCode, 'procedureCode');
}

/** Fields shared by Dossier and DossierTracking, computed from the stored row. */
const statusFields = {
  procedure: (d: DossierRow) => ({ code: d.procedureCode }),
  nationalStatusCode: (d: DossierRow) => nationalStatusCode(d.status),
  overdue: (d: DossierRow) => isOverdue(d),
};

/** The dossier if it exists and the caller may know it does; null otherwise. */
async function dossierInReach(code: string, ctx: DossiersContext): Promise<DossierRow | null> {
  const dossier = await ctx.loaders.dossier.load(code);
  return dossier && withinReach(dossier, reachOf(ctx.request.caller)) ? dossier : null;
}

async function applicantDossiers(
  who: Applicant,
  key: string,
  args: PageArgs & { status?: DossierStatus | null },
  ctx: DossiersContext,
) {
  const page = pageRequest(args.first, args.after, instantAndCode);
  const reach = reachOf(ctx.request.caller);
  const { rows, totalCount } = await ctx.loaders
    .applicantPage({ who, status: args.status, reach, page })
    .load(key);
  return toConnection(rows, page, totalCount, dossierCursor);
}

export const resolvers: GraphQLResolverMap<DossiersContext> = {
  Date: scalarResolvers.Date,
  DateTime: scalarResolvers.DateTime,
  PersonalId: scalarResolvers.PersonalId,
  EnterpriseCode: scalarResolvers.EnterpriseCode,
  Vnd: scalarResolvers.Vnd,
  Query: {
    dossier: async (_: unknown, args: { code: string }, ctx: DossiersContext) => {
      checkDossierCode(args.code);
      const dossier = await dossierInReach(args.code, ctx);
      // Outside the caller's reach reads exactly like a dossier that does not exist.
      if (!dossier) throw gqlError('NOT_FOUND', `No dossier ${args.code}`);
      return dossier;
    },
    trackDossier: (_: unknown, args: { code: string }, ctx: DossiersContext) => {
      checkDossierCode(args.code);
      return ctx.loaders.dossier.load(args.code);
    },
    dossiers: async (_: unknown, args: WorklistFilter & PageArgs, ctx: DossiersContext) => {
      checkProcedureCode(args.procedureCode, 'procedureCode');
      checkProvinceCode(args.provinceCode);
      checkLength(args.agencyCode, 'agencyCode', 35);
      const reach = reachOf(ctx.request.caller);
      if (reach.kind === 'agency' && args.agencyCode && args.agencyCode !== reach.agencyCode)
        throw gqlError('FORBIDDEN', 'dossier:read reaches only your own agency’s dossiers', {
          agencyCode: reach.agencyCode,
        });
      const page = pageRequest(args.first, args.after, instantAndCode);
      const rows = await ctx.repo.worklist(args, reach, page);
      return toConnection(rows, page, () => ctx.repo.countWorklist(args, reach), dossierCursor);
    },
    dossierStatisticsBy: (
      _: unknown,
      args: { by: 'PROVINCE' | 'AGENCY'; from?: string | null; to?: string | null },
      ctx: DossiersContext,
    ) => {
      checkStatisticsFilter(args);
      return ctx.repo.statisticsGrouped(args.by, args);
    },
    dossierStatistics: async (_: unknown, args: StatisticsFilter, ctx: DossiersContext) => {
      checkStatisticsFilter(args);
      return ctx.repo.statistics(args);
    },
  },
  Mutation: {
    submitDossier: (_: unknown, args: { input: SubmitDossierInput }, ctx: DossiersContext) =>
      submitDossier(args.input, ctx),
    transitionDossier: (
      _: unknown,
      args: { code: string; to: DossierStatus; expectedVersion: number; note?: string | null },
      ctx: DossiersContext,
    ) => transitionDossier(args, ctx),
    rateDossier: (
      _: unknown,
      args: { code: string; score: number; comment?: string | null },
      ctx: DossiersContext,
    ) => rateDossier(args, ctx),
  },
  Applicant: {
    __resolveType: (applicant: { personalId?: string }) => (applicant.personalId ? 'Citizen' : 'Business'),
  },
  Dossier: {
    __resolveReference: (ref: { code: string }, ctx: DossiersContext) => dossierInReach(ref.code, ctx),
    ...statusFields,
    applicant: (d: DossierRow) =>
      d.applicantPersonalId
        ? { personalId: d.applicantPersonalId }
        : { enterpriseCode: d.applicantEnterpriseCode },
    agency: (d: DossierRow) => ({ code: d.agencyCode }),
    history: async (d: DossierRow, _: unknown, ctx: DossiersContext) =>
      (await ctx.loaders.events.load(d.code)).map((e) => ({
        at: e.at,
        from: e.fromStatus,
        to: e.toStatus,
        actor: e.actor,
        note: e.note,
      })),
    evidence: (d: DossierRow, _: unknown, ctx: DossiersContext) => ctx.loaders.evidence.load(d.code),
    fee: (d: DossierRow) => ({
      amountDue: d.feeAmountDue,
      discountPercent: d.feeDiscountPercent,
      paid: d.feePaid,
      paidAt: d.feePaidAt,
    }),
    rating: (d: DossierRow) =>
      d.ratingScore === null ? null : { score: d.ratingScore, comment: d.ratingComment, at: d.ratedAt },
  },
  DossierTracking: statusFields,
  Evidence: {
    citizen: (e: EvidenceRow) => (e.citizenId ? { personalId: e.citizenId } : null),
    business: (e: EvidenceRow) => (e.enterpriseCode ? { enterpriseCode: e.enterpriseCode } : null),
    priorDossier: (e: EvidenceRow, _: unknown, ctx: DossiersContext) =>
      e.priorDossierCode ? dossierInReach(e.priorDossierCode, ctx) : null,
  },
  Citizen: {
    __resolveReference: (ref: { personalId: string }) => ({ personalId: ref.personalId }),
    dossiers: (
      c: { personalId: string },
      args: PageArgs & { status?: DossierStatus },
      ctx: DossiersContext,
    ) => applicantDossiers('citizen', c.personalId, args, ctx),
  },
  Business: {
    __resolveReference: (ref: { enterpriseCode: string }) => ({ enterpriseCode: ref.enterpriseCode }),
    dossiers: (
      b: { enterpriseCode: string },
      args: PageArgs & { status?: DossierStatus },
      ctx: DossiersContext,
    ) => applicantDossiers('business', b.enterpriseCode, args, ctx),
  },
  Procedure: {
    __resolveReference: (ref: { code: string }) => ({ code: ref.code }),
    statistics: (p: { code: string }, args: StatisticsFilter, ctx: DossiersContext) => {
      checkStatisticsFilter(args);
      return ctx.loaders
        .procedureStatistics({ from: args.from, to: args.to, provinceCode: args.provinceCode })
        .load(p.code);
    },
  },
};
