import { normalProcedureCode } from '../../runtime/procedureCode.ts';
import { recorded } from '../kit/recorded.ts';
import type { Resolvers } from './resolverTypes.ts';
import type { DossierStatus } from '../../drizzle/dossiers.ts';
import { checkDossierCode, checkLength, checkProcedureCode, checkProvinceCode } from '../kit/checkArgs.ts';
import { badInput, gqlError } from '../../runtime/errors.ts';
import { encodeCursor, instantAndCode, numericId, pageRequest, toConnection } from '../kit/pagination.ts';
import { scalarResolvers } from '../../runtime/scalars.ts';
import { rateDossier, transitionDossier } from './changeDossier.ts';
import type { DossiersContext } from './context.ts';
import { submitDossier } from './submitDossier.ts';
import { recordDigitisedEvidence } from './recordDigitisedEvidence.ts';
import { isOverdue, nationalStatusCode } from './lifecycle.ts';
import { reachOf, withinReach } from './reach.ts';
import { matchesLookupSecret } from './lookupSecret.ts';
import { publishStatistics, wholeMonths } from './publishStatistics.ts';
import { changeIdOf } from './outbox.ts';
import { registerWebhook, replayDeadLetter } from './manageWebhooks.ts';
import {
  dossierCursor,
  emptyStatistics,
  type Applicant,
  type DossierRow,
  type StatisticsFilter,
} from './repository.ts';

interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** The filter as statistics are counted: checked, its codes normalised, its period whole months. */
function statisticsFilter<F extends StatisticsFilter>(f: F): F {
  if (f.from && f.to && f.from > f.to) throw badInput('from must not be after to', 'from');
  checkProvinceCode(f.provinceCode);
  checkLength(f.agencyCode, 'agencyCode', 35);
  checkProcedureCode(f.procedureCode, 'procedureCode');
  return wholeMonths({
    ...f,
    procedureCode: f.procedureCode ? normalProcedureCode(f.procedureCode) : f.procedureCode,
  });
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

export const resolvers: Resolvers = {
  Date: scalarResolvers.Date,
  DateTime: scalarResolvers.DateTime,
  PersonalId: scalarResolvers.PersonalId,
  EnterpriseCode: scalarResolvers.EnterpriseCode,
  Vnd: scalarResolvers.Vnd,
  Query: {
    dossier: async (_, args, ctx) => {
      checkDossierCode(args.code);
      const dossier = await dossierInReach(args.code, ctx);
      // Outside the caller's reach reads exactly like a dossier that does not exist.
      if (!dossier) throw gqlError('NOT_FOUND', `No dossier ${args.code}`);
      return dossier;
    },
    trackDossier: async (_, args, ctx) => {
      checkDossierCode(args.code);
      checkLength(args.secret, 'secret', 40);
      const dossier = await ctx.loaders.dossier.load(args.code);
      if (!dossier) return null;
      if (args.secret === null || args.secret === undefined) return { ...dossier, disclosed: false };
      if (!matchesLookupSecret(dossier.lookupSecretHash, args.secret))
        throw badInput('This lookup secret is not the one on this dossier’s receipt', 'secret');
      return { ...dossier, disclosed: true };
    },
    dossiers: async (_, args, ctx) => {
      checkProcedureCode(args.procedureCode, 'procedureCode');
      checkProvinceCode(args.provinceCode);
      checkLength(args.agencyCode, 'agencyCode', 35);
      const reach = reachOf(ctx.request.caller);
      if (reach.kind === 'agency' && args.agencyCode && args.agencyCode !== reach.agencyCode)
        throw gqlError('FORBIDDEN', 'dossier:read reaches only your own agency’s dossiers', {
          agencyCode: reach.agencyCode,
        });
      const page = pageRequest(args.first, args.after, instantAndCode);
      const filter = {
        ...args,
        procedureCode: args.procedureCode && normalProcedureCode(args.procedureCode),
      };
      const rows = await ctx.repo.worklist(filter, reach, page);
      return toConnection(rows, page, () => ctx.repo.countWorklist(filter, reach), dossierCursor);
    },
    webhookSubscribers: (_, __, ctx) => ctx.repo.subscribers(),
    webhookDeadLetters: (_, args, ctx) => {
      const page = pageRequest(args.first, null);
      return ctx.repo.deadLetters(args.subscriberId ?? null, page.first);
    },
    dossierEvents: async (_, args, ctx) => {
      checkLength(args.agencyCode, 'agencyCode', 35);
      checkProvinceCode(args.provinceCode);
      const page = pageRequest(args.first ?? 100, args.after, numericId);
      const caller = ctx.request.caller;
      const after = Number(page.after?.[0] ?? 0);
      const rows = await ctx.repo.changesAfter(after, page.first + 1, {
        agencyCode: args.agencyCode,
        provinceCode: args.provinceCode,
        // A citizen follows its own dossiers; dossier:events reads every one.
        applicantPersonalId: caller.role === 'citizen' ? (caller.subject ?? '-') : null,
      });
      const nodes = rows.slice(0, page.first);
      const last = nodes.at(-1);
      return {
        nodes,
        pageInfo: {
          hasNextPage: rows.length > page.first,
          endCursor: last ? encodeCursor([String(last.id)]) : (args.after ?? encodeCursor(['0'])),
        },
      };
    },
    dossierStatisticsBy: async (_, args, ctx) => {
      const filter = statisticsFilter(args);
      return (await ctx.repo.statisticsGrouped(args.by, filter)).map(({ key, statistics }) => ({
        key,
        statistics: publishStatistics(statistics, filter),
      }));
    },
    dossierStatistics: async (_, args, ctx) => {
      const filter = statisticsFilter(args);
      return publishStatistics((await ctx.repo.statistics(filter)) ?? emptyStatistics, filter);
    },
  },
  Mutation: {
    submitDossier: (_, args, ctx) => submitDossier(args.input, ctx),
    registerWebhook: (_, args, ctx) => registerWebhook(args, ctx),
    replayWebhookDeadLetter: (_, args, ctx) => replayDeadLetter(args.id, ctx),
    transitionDossier: (_, args, ctx) => transitionDossier(args, ctx),
    rateDossier: (_, args, ctx) => rateDossier(args, ctx),
    recordDigitisedEvidence: (_, args, ctx) => recordDigitisedEvidence(args, ctx),
  },
  Applicant: {
    __resolveType: (applicant) => ('personalId' in applicant ? 'Citizen' : 'Business'),
  },
  Dossier: {
    __resolveReference: (ref, ctx) => dossierInReach(ref.code, ctx),
    ...statusFields,
    // A row holds one of the two (a check constraint); null would read as "that subgraph did not answer".
    applicant: (d) =>
      d.applicantPersonalId
        ? { personalId: d.applicantPersonalId }
        : { enterpriseCode: recorded(d.applicantEnterpriseCode, `dossier ${d.code} has no applicant`) },
    agency: (d) => ({ code: d.agencyCode }),
    // Set on submitDossier's answer only (the database keeps its hash).
    lookupSecret: (d) => (d as DossierRow & { lookupSecret?: string }).lookupSecret ?? null,
    history: async (d, _, ctx) =>
      (await ctx.loaders.events.load(d.code)).map((e) => ({
        at: e.at,
        from: e.fromStatus,
        to: e.toStatus,
        actor: e.actor,
        note: e.note,
      })),
    evidence: (d, _, ctx) => ctx.loaders.evidence.load(d.code),
    fee: (d) => ({
      amountDue: d.feeAmountDue,
      discountPercent: d.feeDiscountPercent,
      paid: d.feePaid,
      paidAt: d.feePaidAt,
    }),
    rating: (d) =>
      d.ratingScore === null
        ? null
        : {
            score: d.ratingScore,
            comment: d.ratingComment,
            at: recorded(d.ratedAt, `dossier ${d.code} has a rating without its time`),
          },
  },
  WebhookSubscriber: {
    deliveredThrough: async (s, _, ctx) => changeIdOf(await ctx.repo.outboxEpoch(), s.delivered),
  },
  WebhookDeadLetter: {
    id: (d) => String(d.id),
    change: (d, _, ctx) => ctx.repo.change(d.eventId),
  },
  DossierChange: {
    id: (c) => c.changeId,
    nationalStatusCode: (c) => nationalStatusCode(c.status),
    applicant: (c) =>
      c.applicantPersonalId
        ? { personalId: c.applicantPersonalId }
        : c.applicantEnterpriseCode
          ? { enterpriseCode: c.applicantEnterpriseCode }
          : null,
  },
  DossierTracking: {
    ...statusFields,
    procedure: (d) => (d.disclosed ? { code: d.procedureCode } : null),
    agency: (d) => (d.disclosed ? { code: d.agencyCode } : null),
  },
  Evidence: {
    citizen: (e) => (e.citizenId ? { personalId: e.citizenId } : null),
    business: (e) => (e.enterpriseCode ? { enterpriseCode: e.enterpriseCode } : null),
    priorDossier: (e, _, ctx) => (e.priorDossierCode ? dossierInReach(e.priorDossierCode, ctx) : null),
    document: (e) => (e.documentId ? { id: e.documentId } : null),
    digitised: (e) => (e.componentId ? { id: e.componentId } : null),
  },
  Citizen: {
    __resolveReference: (ref) => ({ personalId: ref.personalId, dossierLink: ref.dossierLink }),
    dossiers: (c, args, ctx) => {
      // The registry answers dossierLink only to a caller it allowed and logged; anything else is refused.
      if (c.dossierLink !== true)
        throw gqlError(
          'FORBIDDEN',
          'Which dossiers a citizen filed is personal data: it needs citizen:basic and an X-Purpose',
          { reason: 'PERSONAL_READ_REFUSED' },
        );
      return applicantDossiers('citizen', c.personalId, args, ctx);
    },
  },
  Business: {
    __resolveReference: (ref) => ({ enterpriseCode: ref.enterpriseCode }),
    dossiers: (b, args, ctx) => applicantDossiers('business', b.enterpriseCode, args, ctx),
  },
  Procedure: {
    __resolveReference: (ref) => ({ code: ref.code }),
    statistics: async (p, args, ctx) => {
      const { from, to, provinceCode } = statisticsFilter(args);
      const filter = { from, to, provinceCode };
      return publishStatistics(await ctx.loaders.procedureStatistics(filter).load(p.code), filter);
    },
  },
};
