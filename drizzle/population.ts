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
 * The case index: who is a party to which dossier, and of which agency. An agency's client reads a
 * citizen's personal data only for a case in its reach (ARCHITECTURE.md, "A case for every read"): a
 * dossier of its agency (or of its province, for the supervising office) whose applicant, or whose
 * evidence person (a business applicant's representative), the citizen is, or whose applicant is in
 * the citizen's household. Written when a dossier is filed (the dossiers service's signed case
 * assertion) and by the seed; never read by the dossiers service, which owns the dossiers themselves.
 */
export const caseParties = population.table(
  'case_parties',
  {
    personalId: char('personal_id', { length: 12 }).notNull(),
    dossierCode: text('dossier_code').notNull(),
    agencyCode: text('agency_code').notNull(),
    /** APPLICANT: the applicant (whose household is in the case too); PARTY: another evidence person. */
    relation: text('relation', { enum: ['APPLICANT', 'PARTY'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.personalId, t.dossierCode, t.agencyCode] })],
);

/**
 * Who read which citizen's personal data, why and when (Decree 13/2023: processing is logged and the
 * data subject may learn who processed their data). Append-only, each record a leaf of a Merkle tree
 * whose signed checkpoints a witness keeps (`npm run audit:verify`).
 *
 * Partitioned by month (PostgreSQL declarative partitioning, `partition by range (month)`), which
 * drizzle cannot declare: migration 0004 makes the table partitioned, with a default partition and the
 * functions that add a month (`population.ensure_access_month`) and drop one past retention; the
 * population service calls them (see accessLogPartitions.ts). PostgreSQL requires every unique index
 * of a partitioned table to hold the partition key, hence `month` in the keys below.
 */
export const accessRecords = population.table(
  'access_records',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    /** The first day of the month (UTC) the record belongs to: its partition. Not part of its leaf. */
    month: date('month', { mode: 'string' }).notNull(),
    personalId: char('personal_id', { length: 12 }).notNull(),
    clientId: text('client_id').notNull(),
    agencyCode: text('agency_code').notNull(),
    purpose: text('purpose').notNull(),
    dossierCode: text('dossier_code'),
    /** The legal basis a client without a case invoked (X-Legal-Basis); null otherwise. */
    legalBasis: text('legal_basis'),
    fields: text('fields').array().notNull(),
    requestId: text('request_id').notNull(),
    /** Its place in the Merkle tree (RFC 9162), given by the checkpointer; null until then. */
    leafIndex: bigint('leaf_index', { mode: 'number' }),
    /** Its leaf hash (hex), as the checkpointer computed it from the content. */
    leafHash: text('leaf_hash'),
  },
  (t) => [
    primaryKey({ columns: [t.id, t.month] }),
    index('access_records_citizen_idx').on(t.personalId, t.id),
    // Unique per month; across months the checkpointer, one at a time under its lock, gives each
    // leaf index once (and audit:verify finds a gap or a double).
    uniqueIndex('access_records_leaf_idx').on(t.leafIndex, t.month),
    // Not yet in the tree: what the checkpointer takes next.
    index('access_records_unsequenced_idx')
      .on(t.id)
      .where(sql`leaf_index is null`),
    // One record per citizen per request and dossier: a second fetch of the same request adds its fields
    // to the record while it is not yet in the tree (records from before the tree carry leaf_hash ''). A
    // request whose fetches straddle midnight at a month's end leaves one record in each month; reads
    // for two dossiers under one request id leave one each (#26: they merged under the first code).
    uniqueIndex('access_records_request_idx')
      .on(t.requestId, t.clientId, t.personalId, t.purpose, sql`coalesce(${t.dossierCode}, '')`, t.month)
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

/**
 * Months of the access log dropped past retention (ACCESS_LOG_RETENTION_MONTHS): the leaves before
 * end_leaf are gone from access_records, their subtree hashes kept in access_tree, so proofs and
 * `npm run audit:verify` start from the largest end_leaf.
 */
export const accessRetention = population.table('access_retention', {
  month: date('month', { mode: 'string' }).primaryKey(),
  endLeaf: bigint('end_leaf', { mode: 'number' }).notNull(),
  droppedAt: timestamp('dropped_at', { withTimezone: true, mode: 'date' }).notNull(),
  /**
   * The cut as a signed note (origin "… retention cut before <month>", size = end_leaf, the root at
   * that size), also handed to the witness: a cut no one signed is an erasure, not retention.
   */
  note: text('note'),
});
