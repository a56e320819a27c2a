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
import { requireLegalBasis, requirePurpose } from './personalReadHooks.ts';
import { countVerifyCitizen } from './verifyCitizenLimit.ts';
import { consistencyOf, inclusionOf, latestCheckpointOf } from './accessLogProofs.ts';

/** Names compared as a clerk would: Unicode-normalised, case and spacing ignored, diacritics kept. */
const sameName = (a: string, b: string) => {
  const fold = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleUpperCase('vi');
  return fold(a) === fold(b);
};

/** A citizen token asks only for its own record: anyone else's is refused before it is looked up. */
/**
 * What a lookup checks before it looks: a citizen token reaches only its own record; a client that may
 * read personal fields reads under a legal basis when it has no agency (requireLegalBasis).
 */
function onlyOwnRecord(personalId: string, ctx: PopulationContext): void {
  const caller = ctx.request.caller;
  if (caller.role === 'citizen' && caller.subject !== personalId)
    throw gqlError('FORBIDDEN', 'A citizen token reaches only its own record');
  if (caller.scopes.includes(scopes.citizenBasic) || caller.scopes.includes(scopes.citizenFull))
    requireLegalBasis(ctx);
}

const relative = (id: string | null, ctx: PopulationContext) => (id ? ctx.loaders.citizen.load(id) : null);

export const resolvers: Resolvers = {
  PersonalId: scalarResolvers.PersonalId,
  Date: scalarResolvers.Date,
  DateTime: scalarResolvers.DateTime,
  Query: {
    citizen: (_, args, ctx) => {
      onlyOwnRecord(args.personalId, ctx);
      return ctx.loaders.citizen.load(args.personalId);
    },
    citizens: (_, args, ctx) => {
      if (args.personalIds.length > listLimits.personalIdsPerCall) throw personalIdsExceeded();
      args.personalIds.forEach((id) => onlyOwnRecord(id, ctx));
      // The loader batches them into one statement; it fails only when that statement does.
      return Promise.all(args.personalIds.map((id) => ctx.loaders.citizen.load(id)));
    },
    accessLogCheckpoint: (_, __, ctx) => latestCheckpointOf(ctx),
    accessLogVerifierKey: (_, __, ctx) => ctx.verifierKey(),
    accessLogConsistency: (_, args, ctx) => consistencyOf(args.fromSize, args.toSize, ctx),
    verifyCitizen: async (_, args, ctx) => {
      // An answer about a person: purpose-bound, limited per client, and logged as a read of the
      // fields it compared (once the citizen exists).
      requirePurpose(ctx);
      await countVerifyCitizen(ctx.limitStore, ctx.request.caller.subject ?? ctx.request.caller.role);
      const citizen = await ctx.loaders.citizen.load(args.personalId);
      if (citizen) ctx.audit.record(citizen.personalId, 'verifyCitizen(fullName, birthDate)');
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
    // All this registry needs of a document is its holder, which the representation carries.
    __resolveReference: (ref) => ({ id: ref.id, holderPersonalId: ref.holderPersonalId ?? null }),
    // Reaching here, the read was allowed and recorded (personalReadHooks).
    contentGrant: () => true,
  },
  DigitisedComponent: {
    __resolveReference: (ref) => ({ id: ref.id, holderPersonalId: ref.holderPersonalId ?? null }),
    // Reaching here, the read was allowed and recorded (personalReadHooks).
    contentGrant: () => true,
  },
  Household: {
    __resolveReference: (ref, ctx) => ctx.loaders.household.load(ref.id),
    address: (h) => toAddress(h.address),
    head: (h, _, ctx) => ctx.loaders.citizen.load(h.headId),
    members: async (h, _, ctx) =>
      (await ctx.loaders.householdMembers.load(h.id)).map((citizen) => ({
        citizen,
        relationshipToHead: citizen.relationshipToHead ?? '',
      })),
  },
  AccessRecord: {
    inclusion: (record, _, ctx) => inclusionOf(record, ctx),
  },
};
