import { and, asc, desc, gt, lt, sql } from 'drizzle-orm';
import { accessRecords, citizens, households } from '../../drizzle/population.ts';
import { anyOf } from '../kit/anyOf.ts';
import type { Db } from '../kit/createDb.ts';
import { createGroupCommit } from '../kit/groupCommit.ts';
import type { PageRequest } from '../kit/pagination.ts';
import { accessRecordHash } from './accessChain.ts';
import type { AccessRecordInput } from './auditTrail.ts';

export type CitizenRow = typeof citizens.$inferSelect;
export type HouseholdRow = typeof households.$inferSelect;
export type AccessRecordRow = typeof accessRecords.$inferSelect;

/** Serialises writers of the access chain (any constant; this one spells "ACCESS"). */
const chainLock = 0x414343455353;

/** Writes a batch of access records onto the chain in one transaction. */
const writeChain = (db: Db, records: AccessRecordInput[]): Promise<void> =>
  db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${chainLock})`);
    const [last] = await tx
      .select({ hash: accessRecords.hash })
      .from(accessRecords)
      .orderBy(desc(accessRecords.id))
      .limit(1);
    let prevHash = last?.hash ?? null;
    const rows = records.map((record) => {
      const hash = accessRecordHash(prevHash, record);
      const row = { ...record, prevHash, hash };
      prevHash = hash;
      return row;
    });
    // One array per column, unnested: a statement of ten parameters however many records a busy moment
    // brings (a multi-row VALUES list cost more to build than to run). `fields` goes as JSON text,
    // since unnest would flatten an array of arrays; every array goes as text[] (drizzle's postgres.js
    // setup has no serializer for timestamptz[]) and is cast per value.
    const column = <T>(pick: (row: (typeof rows)[number]) => T) => sql.param(rows.map(pick));
    await tx.execute(sql`
      insert into ${accessRecords} (at, personal_id, client_id, agency_code, purpose, dossier_code, fields, request_id, prev_hash, hash)
      select r.at::timestamptz, r.personal_id, r.client_id, r.agency_code, r.purpose, r.dossier_code,
        array(select jsonb_array_elements_text(r.fields::jsonb)), r.request_id, r.prev_hash, r.hash
      from unnest(
        ${column((r) => r.at.toISOString())}::text[], ${column((r) => r.personalId)}::text[],
        ${column((r) => r.clientId)}::text[], ${column((r) => r.agencyCode)}::text[],
        ${column((r) => r.purpose)}::text[], ${column((r) => r.dossierCode)}::text[],
        ${column((r) => JSON.stringify(r.fields))}::text[], ${column((r) => r.requestId)}::text[],
        ${column((r) => r.prevHash)}::text[], ${column((r) => r.hash)}::text[]
      ) with ordinality as r(at, personal_id, client_id, agency_code, purpose, dossier_code, fields, request_id, prev_hash, hash, n)
      order by r.n`);
  });

/** One chain writer per database, shared by every request of the process. */
const chainWriters = new WeakMap<Db, (records: AccessRecordInput[]) => Promise<void>>();
function chainWriterOf(db: Db) {
  let writer = chainWriters.get(db);
  if (!writer) chainWriters.set(db, (writer = createGroupCommit((records) => writeChain(db, records))));
  return writer;
}

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

    /**
     * Appends access records to the hash chain; resolves once they are stored. Concurrent requests'
     * records are written together (group commit): one transaction locks the chain, reads its last
     * hash and inserts every waiting record in one statement. Either all of a write's records are
     * stored or none, and each caller learns which.
     */
    appendAccessRecords: (records: AccessRecordInput[]): Promise<void> => chainWriterOf(db)(records),

    /** A page of each citizen's access records, newest first (keyset on id), in one statement. */
    accessRecordsOf: async (
      personalIds: readonly string[],
      page: PageRequest,
    ): Promise<AccessRecordRow[]> => {
      const numbered = db
        .select({
          id: accessRecords.id,
          row: sql<number>`row_number() over (partition by ${accessRecords.personalId} order by ${accessRecords.id} desc)`.as(
            'row_number',
          ),
        })
        .from(accessRecords)
        .where(
          and(
            anyOf(accessRecords.personalId, personalIds),
            page.after ? lt(accessRecords.id, Number(page.after[0])) : undefined,
          ),
        )
        .as('numbered');
      const rows = await db
        .select({ record: accessRecords })
        .from(numbered)
        .innerJoin(accessRecords, sql`${accessRecords.id} = ${numbered.id}`)
        .where(sql`${numbered.row} <= ${page.first + 1}`)
        .orderBy(desc(accessRecords.id));
      return rows.map((r) => r.record);
    },

    countAccessRecords: (personalIds: readonly string[]) =>
      db
        .select({ key: accessRecords.personalId, n: sql<number>`count(*)::int` })
        .from(accessRecords)
        .where(anyOf(accessRecords.personalId, personalIds))
        .groupBy(accessRecords.personalId),

    /** A slice of the whole chain in id order, for verification. */
    chainSlice: (afterId: number, limit: number): Promise<AccessRecordRow[]> =>
      db
        .select()
        .from(accessRecords)
        .where(gt(accessRecords.id, afterId))
        .orderBy(asc(accessRecords.id))
        .limit(limit),
  };
}

export type PopulationRepository = ReturnType<typeof createPopulationRepository>;
