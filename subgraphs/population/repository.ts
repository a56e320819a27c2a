import {
  and,
  asc,
  desc,
  eq,
  getTableColumns,
  gt,
  isNotNull,
  isNull,
  lt,
  sql,
  type AnyColumn,
  type SQL,
} from 'drizzle-orm';
import {
  accessCheckpoints,
  accessRecords,
  accessRetention,
  accessTree,
  caseParties,
  citizens,
  households,
} from '../../drizzle/population.ts';
import type { CaseReach } from '../../runtime/caseReach.ts';
import { anyOf } from '../kit/anyOf.ts';
import type { Db } from '../kit/createDb.ts';
import { createGroupCommit } from '../kit/groupCommit.ts';
import { isDatabaseUnreachable } from '../kit/isDatabaseUnreachable.ts';
import { forbiddenCharacter } from '../../runtime/cleanText.ts';
import type { PageRequest } from '../kit/pagination.ts';
import type { AccessRecordInput } from './auditTrail.ts';

export type CitizenRow = typeof citizens.$inferSelect & {
  /** For a caller bound to cases: the dossier in its reach that links the citizen, or null (caseReach.ts). */
  caseCode?: string | null;
};
export type HouseholdRow = typeof households.$inferSelect & { caseCode?: string | null };

/**
 * The case-index rows that bind a read: of an agency in the caller's reach, and of the named dossier
 * when the caller named one (X-Dossier-Code). `cp` is the case_parties row.
 */
const caseMatch = (reach: CaseReach, named: string | null): SQL =>
  sql.join(
    [
      'agencyCode' in reach
        ? sql`cp.agency_code = ${reach.agencyCode}`
        : sql`cp.agency_code like ${`%.${reach.suffix}`}`,
      ...(named ? [sql`cp.dossier_code = ${named}`] : []),
    ],
    sql` and `,
  );

/** The applicant's household: a dossier whose applicant lives in household `householdId` (SQL). */
const householdCase = (householdId: SQL | AnyColumn, match: SQL): SQL =>
  sql`(select cp.dossier_code from population.citizens m
        join population.case_parties cp on cp.personal_id = m.personal_id and cp.relation = 'APPLICANT'
        where m.household_id = ${householdId} and ${match} order by cp.dossier_code desc limit 1)`;

/** The case of a citizen: a dossier naming them, else one whose applicant shares their household. */
const citizenCase = (match: SQL): SQL =>
  sql`coalesce(
    (select cp.dossier_code from population.case_parties cp
      where cp.personal_id = ${citizens.personalId} and ${match} order by cp.dossier_code desc limit 1),
    ${householdCase(citizens.householdId, match)})`;
export type AccessRecordRow = typeof accessRecords.$inferSelect;
export type CheckpointRow = typeof accessCheckpoints.$inferSelect;

/** Serialises the access log's checkpointers, across replicas (any constant; this one spells "ACCESS"). */
const treeLock = 0x414343455353;

/**
 * One record per citizen per request and purpose: records of the same key in one batch become one,
 * with every field read (a second fetch of the request, on the same key, merges in the database).
 */
function mergeSameRequest(records: AccessRecordInput[]): AccessRecordInput[] {
  const byKey = new Map<string, AccessRecordInput>();
  for (const record of records) {
    const key = JSON.stringify([record.requestId, record.clientId, record.personalId, record.purpose]);
    const known = byKey.get(key);
    if (known) known.fields = [...new Set([...known.fields, ...record.fields])].sort();
    else byKey.set(key, { ...record, fields: [...record.fields] });
  }
  return [...byKey.values()];
}

/**
 * Stores a batch of access records in one statement. A record whose request already left one for the
 * same citizen, client and purpose, not yet taken into the tree, adds its fields to that one (the
 * checkpointer leaves records a few seconds to settle first: a request resent after a replica died
 * before answering then adds nothing).
 */
const insertRecords = async (db: Db, batch: AccessRecordInput[]): Promise<void> => {
  const rows = mergeSameRequest(batch);
  // One array per column, unnested: a statement of nine parameters however many records a busy moment
  // brings (a multi-row VALUES list cost more to build than to run). `fields` goes as JSON text,
  // since unnest would flatten an array of arrays; every array goes as text[] (drizzle's postgres.js
  // setup has no serializer for timestamptz[]) and is cast per value.
  const column = <T>(pick: (row: AccessRecordInput) => T) => sql.param(rows.map(pick));
  await db.execute(sql`
    insert into ${accessRecords} as a (at, month, personal_id, client_id, agency_code, purpose, dossier_code, legal_basis, fields, request_id)
    select r.at::timestamptz, date_trunc('month', r.at::timestamptz, 'UTC')::date, r.personal_id, r.client_id, r.agency_code, r.purpose, r.dossier_code, r.legal_basis,
      array(select jsonb_array_elements_text(r.fields::jsonb)), r.request_id
    from unnest(
      ${column((r) => r.at.toISOString())}::text[], ${column((r) => r.personalId)}::text[],
      ${column((r) => r.clientId)}::text[], ${column((r) => r.agencyCode)}::text[],
      ${column((r) => r.purpose)}::text[], ${column((r) => r.dossierCode)}::text[],
      ${column((r) => r.legalBasis)}::text[],
      ${column((r) => JSON.stringify(r.fields))}::text[], ${column((r) => r.requestId)}::text[]
    ) with ordinality as r(at, personal_id, client_id, agency_code, purpose, dossier_code, legal_basis, fields, request_id, n)
    order by r.n
    on conflict (request_id, client_id, personal_id, purpose, (coalesce(dossier_code, '')), month) where leaf_index is null and leaf_hash is null
    do update set fields = array(select distinct f from unnest(a.fields || excluded.fields) f order by f)`);
};

/** One record writer per database, shared by every request of the process. */
const recordWriters = new WeakMap<Db, (records: AccessRecordInput[]) => Promise<void>>();
function recordWriterOf(db: Db) {
  let writer = recordWriters.get(db);
  if (!writer) {
    // A batch that failed for its data (not for a lost database) is split until the request whose
    // records were refused fails alone.
    const commit = createGroupCommit(
      (records: AccessRecordInput[]) => insertRecords(db, records),
      2000,
      (error) => !isDatabaseUnreachable(error),
    );
    // Checked before it joins a batch: a record PostgreSQL cannot store fails only its own request.
    writer = async (records) => {
      for (const record of records)
        for (const text of [record.purpose, record.dossierCode, record.clientId])
          if (text && forbiddenCharacter(text))
            throw new Error('access record text holds a forbidden character');
      await commit(records);
    };
    recordWriters.set(db, writer);
  }
  return writer;
}

/** Which of a citizen's access records to list: those of one case (a dossier, a legal basis). */
export interface AccessLogFilter {
  dossierCode?: string | null;
  legalBasis?: string | null;
}

const accessLogWhere = (filter: AccessLogFilter) => [
  filter.dossierCode ? eq(accessRecords.dossierCode, filter.dossierCode) : undefined,
  filter.legalBasis ? eq(accessRecords.legalBasis, filter.legalBasis) : undefined,
];

/** All SQL of the population subgraph. Every read takes a batch of keys: one statement per batch. */
export function createPopulationRepository(db: Db) {
  return {
    citizensByIds: (ids: readonly string[]): Promise<CitizenRow[]> =>
      db.select().from(citizens).where(anyOf(citizens.personalId, ids)),

    householdsByIds: (ids: readonly string[]): Promise<HouseholdRow[]> =>
      db.select().from(households).where(anyOf(households.id, ids)),

    /** citizensByIds with each one's case in the reach (null: none), in the same one statement. */
    citizensWithCase: (
      ids: readonly string[],
      reach: CaseReach,
      named: string | null,
    ): Promise<CitizenRow[]> =>
      db
        .select({
          ...getTableColumns(citizens),
          caseCode: sql<string | null>`${citizenCase(caseMatch(reach, named))}`,
        })
        .from(citizens)
        .where(anyOf(citizens.personalId, ids)),

    /** householdsByIds with each one's case in the reach: a dossier of a member as its applicant. */
    householdsWithCase: (
      ids: readonly string[],
      reach: CaseReach,
      named: string | null,
    ): Promise<HouseholdRow[]> =>
      db
        .select({
          ...getTableColumns(households),
          caseCode: sql<string | null>`${householdCase(households.id, caseMatch(reach, named))}`,
        })
        .from(households)
        .where(anyOf(households.id, ids)),

    /** Records a dossier's party in the case index (once; a second time changes nothing). */
    bindCase: async (party: typeof caseParties.$inferInsert): Promise<void> => {
      await db.insert(caseParties).values(party).onConflictDoNothing();
    },

    /** Members of each household, head first, then by birth date. */
    membersOfHouseholds: (householdIds: readonly string[]): Promise<CitizenRow[]> =>
      db
        .select()
        .from(citizens)
        .where(anyOf(citizens.householdId, householdIds))
        .orderBy(citizens.householdId, citizens.birthDate, citizens.personalId),

    /**
     * Stores access records; resolves once they are. Concurrent requests' records are written
     * together (group commit) in one statement, with no lock: the checkpointer takes them into the
     * Merkle tree afterwards. Either all of a write's records are stored or none, and each caller
     * learns which.
     */
    appendAccessRecords: (records: AccessRecordInput[]): Promise<void> => recordWriterOf(db)(records),

    /** A page of each citizen's access records, newest first (keyset on id), in one statement. */
    accessRecordsOf: async (
      personalIds: readonly string[],
      page: PageRequest,
      filter: AccessLogFilter = {},
    ): Promise<AccessRecordRow[]> => {
      const numbered = db
        .select({
          id: accessRecords.id,
          month: accessRecords.month,
          row: sql<number>`row_number() over (partition by ${accessRecords.personalId} order by ${accessRecords.id} desc)`.as(
            'row_number',
          ),
        })
        .from(accessRecords)
        .where(
          and(
            anyOf(accessRecords.personalId, personalIds),
            ...accessLogWhere(filter),
            page.after ? lt(accessRecords.id, Number(page.after[0])) : undefined,
          ),
        )
        .as('numbered');
      const rows = await db
        .select({ record: accessRecords })
        .from(numbered)
        .innerJoin(
          accessRecords,
          sql`${accessRecords.id} = ${numbered.id} and ${accessRecords.month} = ${numbered.month}`,
        )
        .where(sql`${numbered.row} <= ${page.first + 1}`)
        .orderBy(desc(accessRecords.id));
      return rows.map((r) => r.record);
    },

    countAccessRecords: (personalIds: readonly string[], filter: AccessLogFilter = {}) =>
      db
        .select({ key: accessRecords.personalId, n: sql<number>`count(*)::int` })
        .from(accessRecords)
        .where(and(anyOf(accessRecords.personalId, personalIds), ...accessLogWhere(filter)))
        .groupBy(accessRecords.personalId),

    /** Holds the access log's tree for this transaction: one checkpointer at a time, across replicas. */
    lockAccessTree: () => db.execute(sql`select pg_advisory_xact_lock(${treeLock})`),

    latestCheckpoint: async (): Promise<CheckpointRow | null> =>
      (await db.select().from(accessCheckpoints).orderBy(desc(accessCheckpoints.size)).limit(1))[0] ?? null,

    /** Every checkpoint stored, oldest first (for verification). */
    checkpoints: (): Promise<CheckpointRow[]> =>
      db.select().from(accessCheckpoints).orderBy(asc(accessCheckpoints.size)),

    /** Records not yet in the tree, oldest first; with settledBefore, only those read before it. */
    unsequencedAccessRecords: (limit: number, settledBefore?: Date): Promise<AccessRecordRow[]> =>
      db
        .select()
        .from(accessRecords)
        .where(
          and(
            isNull(accessRecords.leafIndex),
            settledBefore ? lt(accessRecords.at, settledBefore) : undefined,
          ),
        )
        .orderBy(asc(accessRecords.id))
        .limit(limit)
        .for('update'),

    /** Gives records their places in the tree and their leaf hashes, in one statement. */
    sequenceAccessRecords: (
      places: Array<{ id: number; month: string; leafIndex: number; leafHash: string }>,
    ) =>
      db.execute(sql`
        update ${accessRecords} as a set leaf_index = p.leaf_index, leaf_hash = p.leaf_hash
        from unnest(${sql.param(places.map((p) => String(p.id)))}::bigint[],
          ${sql.param(places.map((p) => p.month))}::text[]::date[],
          ${sql.param(places.map((p) => String(p.leafIndex)))}::bigint[],
          ${sql.param(places.map((p) => p.leafHash))}::text[]) as p(id, month, leaf_index, leaf_hash)
        where a.id = p.id and a.month = p.month`),

    /** Stores the hashes of complete subtrees, in one statement. */
    storeTreeNodes: (nodes: Array<{ level: number; index: number; hash: string }>) =>
      db.execute(sql`
        insert into ${accessTree} (level, idx, hash)
        select * from unnest(${sql.param(nodes.map((n) => String(n.level)))}::smallint[],
          ${sql.param(nodes.map((n) => String(n.index)))}::bigint[], ${sql.param(nodes.map((n) => n.hash))}::text[])`),

    storeCheckpoint: (row: CheckpointRow) => db.insert(accessCheckpoints).values(row),

    /** Stored subtree hashes by "level/index" keys, in one statement. */
    treeNodes: async (keys: readonly string[]): Promise<Array<{ key: string; hash: string }>> => {
      const parsed = keys.map((k) => k.split('/').map(Number) as [number, number]);
      const rows = await db
        .select()
        .from(accessTree)
        .where(
          sql`(${accessTree.level}, ${accessTree.index}) in (select * from unnest(
            ${sql.param(parsed.map((p) => String(p[0])))}::smallint[], ${sql.param(parsed.map((p) => String(p[1])))}::bigint[]))`,
        );
      return rows.map((r) => ({ key: `${r.level}/${r.index}`, hash: r.hash }));
    },

    /**
     * Adds the partitions of the access log for the months holding these days, where missing (records
     * of those months waiting in the default partition move in). Answers how many it added.
     */
    ensureAccessMonths: async (days: readonly string[]): Promise<number> => {
      const rows = await db
        .select({ added: sql<boolean>`population.ensure_access_month(d)` })
        .from(sql`unnest(${sql.param(days)}::text[]::date[]) as d`);
      return rows.filter((r) => r.added).length;
    },

    /** Drops the access log's months ending on or before the cutoff (a first day), if all in the tree. */
    dropAccessMonthsBefore: async (cutoff: string): Promise<string[]> => {
      const rows = await db
        .select({ month: sql<string>`m::text` })
        .from(sql`population.drop_access_months_before(${cutoff}::date) as m`);
      return rows.map((r) => r.month);
    },

    /** The retention cuts no one has signed yet (month dropped, end leaf), oldest first. */
    unsignedCuts: (): Promise<Array<{ month: string; endLeaf: number }>> =>
      db
        .select({ month: accessRetention.month, endLeaf: accessRetention.endLeaf })
        .from(accessRetention)
        .where(isNull(accessRetention.note))
        .orderBy(asc(accessRetention.month)),

    /** Stores the signed note of a month's retention cut. */
    storeCutNote: (month: string, note: string) =>
      db.update(accessRetention).set({ note }).where(eq(accessRetention.month, month)),

    /** Where the stored log starts: leaves before it were dropped past retention (0 when none was). */
    retainedFromLeaf: async (): Promise<number> =>
      Number(
        (
          await db
            .select({ n: sql<string>`coalesce(max(${accessRetention.endLeaf}), 0)` })
            .from(accessRetention)
        )[0]?.n ?? 0,
      ),

    unsequencedCount: () =>
      db
        .select({ n: sql<number>`count(*)::int` })
        .from(accessRecords)
        .where(isNull(accessRecords.leafIndex)),

    /** Records in tree order after a leaf index, for verification. */
    sequencedSlice: (afterLeafIndex: number, limit: number): Promise<AccessRecordRow[]> =>
      db
        .select()
        .from(accessRecords)
        .where(and(isNotNull(accessRecords.leafIndex), gt(accessRecords.leafIndex, afterLeafIndex)))
        .orderBy(asc(accessRecords.leafIndex))
        .limit(limit),
  };
}

export type PopulationRepository = ReturnType<typeof createPopulationRepository>;
