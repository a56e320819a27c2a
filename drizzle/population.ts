import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  char,
  date,
  index,
  jsonb,
  pgSchema,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
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
    /** Its place in the Merkle tree (RFC 9162), given by the checkpointer; null until then. */
    leafIndex: bigint('leaf_index', { mode: 'number' }),
    /** Its leaf hash (hex), as the checkpointer computed it from the content. */
    leafHash: text('leaf_hash'),
  },
  (t) => [
    index('access_records_citizen_idx').on(t.personalId, t.id),
    uniqueIndex('access_records_leaf_idx').on(t.leafIndex),
    // Not yet in the tree: what the checkpointer takes next.
    index('access_records_unsequenced_idx')
      .on(t.id)
      .where(sql`leaf_index is null`),
    // One record per citizen per request: a second fetch of the same request adds its fields to the
    // record while it is not yet in the tree (records from before the tree carry leaf_hash '').
    uniqueIndex('access_records_request_idx')
      .on(t.requestId, t.clientId, t.personalId, t.purpose)
      .where(sql`leaf_index is null and leaf_hash is null`),
  ],
);

/** The hash (hex) of every complete subtree of the access log's Merkle tree, for proofs. */
export const accessTree = population.table(
  'access_tree',
  {
    level: smallint('level').notNull(),
    index: bigint('idx', { mode: 'number' }).notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.level, t.index] })],
);

/**
 * Signed checkpoints of the access log (size, root), each as its signed note. Copies go to a witness
 * outside this database; this table is a convenience for proofs, not the trust anchor.
 */
export const accessCheckpoints = population.table('access_checkpoints', {
  size: bigint('size', { mode: 'number' }).primaryKey(),
  root: text('root').notNull(),
  /** The tree's right edge (hex hashes, largest subtree first), so the next checkpoint continues from it. */
  edge: text('edge').array().notNull(),
  note: text('note').notNull(),
  at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
});
