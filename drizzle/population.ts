import { bigserial, char, date, index, jsonb, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';
import type { AddressValue } from './addressValue.ts';

/** The population database: citizens and households. Owned by the population subgraph alone. */
export const population = pgSchema('population');

export const households = population.table('households', {
  id: text('id').primaryKey(),
  address: jsonb('address').$type<AddressValue>().notNull(),
  headId: char('head_id', { length: 12 }).notNull(),
});

export const citizens = population.table(
  'citizens',
  {
    personalId: char('personal_id', { length: 12 }).primaryKey(),
    fullName: text('full_name').notNull(),
    birthDate: date('birth_date', { mode: 'string' }).notNull(),
    gender: text('gender', { enum: ['MALE', 'FEMALE'] }).notNull(),
    nationality: char('nationality', { length: 2 }).notNull().default('VN'),
    ethnicity: text('ethnicity'),
    religion: text('religion'),
    hometown: jsonb('hometown').$type<AddressValue>(),
    permanentAddress: jsonb('permanent_address').$type<AddressValue>(),
    currentAddress: jsonb('current_address').$type<AddressValue>(),
    householdId: text('household_id'),
    relationshipToHead: text('relationship_to_head'),
    fatherId: char('father_id', { length: 12 }),
    motherId: char('mother_id', { length: 12 }),
    spouseId: char('spouse_id', { length: 12 }),
    oldIdNumber: char('old_id_number', { length: 9 }),
    deathDate: date('death_date', { mode: 'string' }),
  },
  (t) => [index('citizens_household_idx').on(t.householdId)],
);

/**
 * Who read which citizen's personal data, why and when (Decree 13/2023: processing is logged and the
 * data subject may learn who processed their data). Append-only and hash-chained: each record's hash
 * covers the previous one's, so an edit or deletion breaks the chain (`npm run audit:verify`).
 */
export const accessRecords = population.table(
  'access_records',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    personalId: char('personal_id', { length: 12 }).notNull(),
    clientId: text('client_id').notNull(),
    agencyCode: text('agency_code').notNull(),
    purpose: text('purpose').notNull(),
    dossierCode: text('dossier_code'),
    fields: text('fields').array().notNull(),
    requestId: text('request_id').notNull(),
    prevHash: text('prev_hash'),
    hash: text('hash').notNull(),
  },
  (t) => [index('access_records_citizen_idx').on(t.personalId, t.id)],
);
