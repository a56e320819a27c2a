import type { Resolvers } from './resolverTypes.ts';
import { toAddress } from '../../runtime/address.ts';
import { badInput, gqlError } from '../../runtime/errors.ts';
import { isLegalBasis } from '../../runtime/legalBases.ts';
import { checkDossierCode } from '../kit/checkArgs.ts';
import { scopes } from '../../runtime/scopes.ts';
import { listLimits, personalIdsExceeded } from '../../runtime/listLimits.ts';
import { numericId, pageRequest, toConnection } from '../kit/pagination.ts';
import { scalarResolvers } from '../../runtime/scalars.ts';
import type { PopulationContext } from './context.ts';
import { noCase, requireLegalBasis, requirePurpose } from './personalReadHooks.ts';
import { caseReachOf } from '../../runtime/caseReach.ts';
import { bindFiledCase, filedCaseOf } from './bindFiledCase.ts';
import { countVerifyCitizen } from './verifyCitizenLimit.ts';
import { consistencyOf, inclusionOf, latestCheckpointOf } from './accessLogProofs.ts';

/** Names compared as a clerk would: Unicode-normalised, case and spacing ignored, diacritics kept. */
const sameName = (a: string, b: string) => {
  const fold = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleUpperCase('vi');
  return fold(a) === fold(b);
};

/**
 * What a lookup checks before it looks: a citizen token reaches only its own record; a client that may
 * read personal fields reads under a legal basis when it has no agency (requireLegalBasis), and an
 * agency's client names its case (X-Dossier-Code), else NO_CASE. True when the lookup is case-bound.
 */
function onlyOwnRecord(personalId: string, ctx: PopulationContext): boolean {
  const caller = ctx.request.caller;
  if (caller.role === 'citizen' && caller.subject !== personalId)
    throw gqlError('FORBIDDEN', 'A citizen token reaches only its own record');
  if (!caller.scopes.includes(scopes.citizenBasic) && !caller.scopes.includes(scopes.citizenFull))
    return false;
  requireLegalBasis(ctx);
  if (!caseReachOf(caller)) return false;
  if (!caller.dossierCode) throw noCase();
  return true;
}

/**
 * A citizen looked up by an agency's client: only one its named dossier links, and the same NO_CASE
 * whether the person exists or not. The dossiers service, filing a dossier, binds its applicant to it
 * first (a case assertion it signed).
 */
async function lookUp(personalId: string, ctx: PopulationContext, bound: boolean) {
  const filing = bound ? await filedCaseOf(personalId, ctx) : null;
  const row = await ctx.loaders.citizen.load(personalId);
  // The dossier being filed is the case of the filing's reads, whichever agency receives it; a
  // filing for no one is the dossiers service's NOT_FOUND to give.
  if (filing) {
    if (row) {
      await bindFiledCase(filing, ctx);
      row.caseCode = filing.dossier;
    }
    return row;
  }
  if (bound && !row?.caseCode) throw noCase();
  return row;
}

const relative = (id: string | null, ctx: PopulationContext) => (id ? ctx.loaders.citizen.load(id) : null);

/** A document or scan as this registry knows it: its holder, and the holder's case for a bound caller. */
async function holdingOf(ref: { id: string; holderPersonalId?: string | null }, ctx: PopulationContext) {
  const holderPersonalId = ref.holderPersonalId ?? null;
  const caseCode =
    holderPersonalId && caseReachOf(ctx.request.caller)
      ? ((await ctx.loaders.citizen.load(holderPersonalId))?.caseCode ?? null)
      : null;
  return { id: ref.id, holderPersonalId, caseCode };
}

export const resolvers: Resolvers = {
  PersonalId: scalarResolvers.PersonalId,
  Date: scalarResolvers.Date,
  DateTime: scalarResolvers.DateTime,
  Query: {
    citizen: (_, args, ctx) => lookUp(args.personalId, ctx, onlyOwnRecord(args.personalId, ctx)),
    citizens: (_, args, ctx) => {
      if (args.personalIds.length > listLimits.personalIdsPerCall) throw personalIdsExceeded();
      // Every ID is checked before any is looked up; the loader then batches them into one statement.
      const bound = args.personalIds.map((id) => onlyOwnRecord(id, ctx));
      return Promise.all(args.personalIds.map((id, i) => lookUp(id, ctx, bound[i] ?? true)));
    },
    accessLogCheckpoint: (_, __, ctx) => latestCheckpointOf(ctx),
    accessLogVerifierKey: (_, __, ctx) => ctx.verifierKey(),
    accessLogConsistency: (_, args, ctx) => consistencyOf(args.fromSize, args.toSize, ctx),
    verifyCitizen: async (_, args, ctx) => {
      // An answer about a person: purpose-bound, limited per client, and logged as a read of the
      // fields it compared (once the citizen exists).
      requirePurpose(ctx);
      const bound = caseReachOf(ctx.request.caller) !== null;
      if (bound && !ctx.request.caller.dossierCode) throw noCase();
      await countVerifyCitizen(ctx.limitStore, ctx.request.caller.subject ?? ctx.request.caller.role);
      const citizen = await ctx.loaders.citizen.load(args.personalId);
      if (bound && !citizen?.caseCode) throw noCase();
      if (citizen)
        ctx.audit.record(citizen.personalId, 'verifyCitizen(fullName, birthDate)', citizen.caseCode);
      if (!citizen) return { matches: false, mismatchedFields: ['personalId'] };
      const mismatchedFields = [
        ...(sameName(citizen.fullName, args.fullName) ? [] : ['fullName']),
        ...(citizen.birthDate === args.birthDate ? [] : ['birthDate']),
      ];
      return { matches: mismatchedFields.length === 0, mismatchedFields };
    },
  },
  Citizen: {
    __resolveReference: (ref, ctx) => ctx.loaders.citizen.load(ref.personalId),
    hometown: (c) => toAddress(c.hometown),
    permanentAddress: (c) => toAddress(c.permanentAddress),
    currentAddress: (c) => toAddress(c.currentAddress),
    household: (c, _, ctx) => (c.householdId ? ctx.loaders.household.load(c.householdId) : null),
    father: (c, _, ctx) => relative(c.fatherId, ctx),
    mother: (c, _, ctx) => relative(c.motherId, ctx),
    spouse: (c, _, ctx) => relative(c.spouseId, ctx),
    deceased: (c) => c.deathDate !== null,
    // Reaching here, the read was allowed and recorded (personalReadHooks).
    dossierLink: () => true,
    documentLink: () => true,
    accessLog: async (c, args, ctx) => {
      const page = pageRequest(args.first, args.after, numericId);
      if (args.dossierCode) checkDossierCode(args.dossierCode, 'dossierCode');
      if (args.legalBasis && !isLegalBasis(args.legalBasis))
        throw badInput(
          `'${args.legalBasis.slice(0, 60)}' is not a legal basis of reference/legal-bases.json`,
          'legalBasis',
        );
      const filter = { dossierCode: args.dossierCode ?? null, legalBasis: args.legalBasis ?? null };
      const { rows, totalCount } = await ctx.loaders.accessLog({ page, filter }).load(c.personalId);
      return toConnection(rows, page, totalCount, (row) => [String(row.id)]);
    },
  },
  Document: {
    // All this registry needs of a document is its holder, which the representation carries; and for
    // a caller bound to cases, the holder's case.
    __resolveReference: (ref, ctx) => holdingOf(ref, ctx),
    // Reaching here, the read was allowed and recorded (personalReadHooks).
    contentGrant: () => true,
  },
  DigitisedComponent: {
    __resolveReference: (ref, ctx) => holdingOf(ref, ctx),
    // Reaching here, the read was allowed and recorded (personalReadHooks).
    contentGrant: () => true,
  },
  Household: {
    __resolveReference: (ref, ctx) => ctx.loaders.household.load(ref.id),
    address: (h) => toAddress(h.address),
    head: (h, _, ctx) => ctx.loaders.citizen.load(h.headId),
    // A household's case (a dossier of one of its members as applicant) is each member's case too.
    members: async (h, _, ctx) =>
      (await ctx.loaders.householdMembers.load(h.id)).map((citizen) => ({
        citizen: h.caseCode ? { ...citizen, caseCode: h.caseCode } : citizen,
        relationshipToHead: citizen.relationshipToHead ?? '',
      })),
  },
  AccessRecord: {
    inclusion: (record, _, ctx) => inclusionOf(record, ctx),
  },
};
