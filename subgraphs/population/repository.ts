import { citizens, households } from '../../drizzle/population.ts';
import { anyOf } from '../kit/anyOf.ts';
import type { Db } from '../kit/createDb.ts';

export type CitizenRow = typeof citizens.$inferSelect;
export type HouseholdRow = typeof households.$inferSelect;

/** All SQL of the population subgraph. Every read takes a batch of keys: one statement per batch. */
export function createPopulationRepository(db: Db) {
  return {
    citizensByIds: (ids: readonly string[]): Promise<CitizenRow[]> =>
      db.select().from(citizens).where(anyOf(citizens.personalId, ids)),

    householdsByIds: (ids: readonly string[]): Promise<HouseholdRow[]> =>
      db.select().from(households).where(anyOf(households.id, ids)),

    /** Members of each household, head first, then by birth date. */
    membersOfHouseholds: (householdIds: readonly string[]): Promise<CitizenRow[]> =>
      db
        .select()
        .from(citizens)
        .where(anyOf(citizens.householdId, householdIds))
        .orderBy(citizens.householdId, citizens.birthDate, citizens.personalId),
  };
}

export type PopulationRepository = ReturnType<typeof createPopulationRepository>;
