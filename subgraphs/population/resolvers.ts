import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/resolverMap.js';
import { toAddress } from '../../runtime/address.ts';
import { gqlError, limitExceeded } from '../../runtime/errors.ts';
import { numericId, pageRequest, toConnection } from '../kit/pagination.ts';
import { scalarResolvers } from '../../runtime/scalars.ts';
import type { PopulationContext } from './context.ts';
import type { CitizenRow, HouseholdRow } from './repository.ts';

/** The most personal IDs one `citizens` call takes. */
export const maxCitizensPerCall = 100;

/** Names compared as a clerk would: Unicode-normalised, case and spacing ignored, diacritics kept. */
const sameName = (a: string, b: string) => {
  const fold = (s: string) => s.normalize('NFC').trim().replace(/\s+/g, ' ').toLocaleUpperCase('vi');
  return fold(a) === fold(b);
};

/** A citizen token asks only for its own record: anyone else's is refused before it is looked up. */
function onlyOwnRecord(personalId: string, ctx: PopulationContext): void {
  const caller = ctx.request.caller;
  if (caller.role === 'citizen' && caller.subject !== personalId)
    throw gqlError('FORBIDDEN', 'A citizen token reaches only its own record');
}

const relative = (id: string | null, ctx: PopulationContext) => (id ? ctx.loaders.citizen.load(id) : null);

export const resolvers: GraphQLResolverMap<PopulationContext> = {
  PersonalId: scalarResolvers.PersonalId,
  Date: scalarResolvers.Date,
  DateTime: scalarResolvers.DateTime,
  Query: {
    citizen: (_: unknown, args: { personalId: string }, ctx: PopulationContext) => {
      onlyOwnRecord(args.personalId, ctx);
      return ctx.loaders.citizen.load(args.personalId);
    },
    citizens: (_: unknown, args: { personalIds: string[] }, ctx: PopulationContext) => {
      if (args.personalIds.length > maxCitizensPerCall)
        throw limitExceeded(`citizens takes at most ${maxCitizensPerCall} personal IDs`, maxCitizensPerCall);
      args.personalIds.forEach((id) => onlyOwnRecord(id, ctx));
      return ctx.loaders.citizen.loadMany(args.personalIds);
    },
    verifyCitizen: async (
      _: unknown,
      args: { personalId: string; fullName: string; birthDate: string },
      ctx: PopulationContext,
    ) => {
      const citizen = await ctx.loaders.citizen.load(args.personalId);
      if (!citizen) return { matches: false, mismatchedFields: ['personalId'] };
      const mismatchedFields = [
        ...(sameName(citizen.fullName, args.fullName) ? [] : ['fullName']),
        ...(citizen.birthDate === args.birthDate ? [] : ['birthDate']),
      ];
      return { matches: mismatchedFields.length === 0, mismatchedFields };
    },
  },
  Citizen: {
    __resolveReference: (ref: { personalId: string }, ctx: PopulationContext) =>
      ctx.loaders.citizen.load(ref.personalId),
    hometown: (c: CitizenRow) => toAddress(c.hometown),
    permanentAddress: (c: CitizenRow) => toAddress(c.permanentAddress),
    currentAddress: (c: CitizenRow) => toAddress(c.currentAddress),
    household: (c: CitizenRow, _: unknown, ctx: PopulationContext) =>
      c.householdId ? ctx.loaders.household.load(c.householdId) : null,
    father: (c: CitizenRow, _: unknown, ctx: PopulationContext) => relative(c.fatherId, ctx),
    mother: (c: CitizenRow, _: unknown, ctx: PopulationContext) => relative(c.motherId, ctx),
    spouse: (c: CitizenRow, _: unknown, ctx: PopulationContext) => relative(c.spouseId, ctx),
    deceased: (c: CitizenRow) => c.deathDate !== null,
    accessLog: async (c: CitizenRow, args: { first?: number; after?: string }, ctx: PopulationContext) => {
      const page = pageRequest(args.first, args.after, numericId);
      const { rows, totalCount } = await ctx.loaders.accessLog(page).load(c.personalId);
      return toConnection(rows, page, totalCount, (row) => [String(row.id)]);
    },
  },
  Household: {
    __resolveReference: (ref: { id: string }, ctx: PopulationContext) => ctx.loaders.household.load(ref.id),
    address: (h: HouseholdRow) => toAddress(h.address),
    head: (h: HouseholdRow, _: unknown, ctx: PopulationContext) => ctx.loaders.citizen.load(h.headId),
    members: async (h: HouseholdRow, _: unknown, ctx: PopulationContext) =>
      (await ctx.loaders.householdMembers.load(h.id)).map((citizen) => ({
        citizen,
        relationshipToHead: citizen.relationshipToHead ?? '',
      })),
  },
};
