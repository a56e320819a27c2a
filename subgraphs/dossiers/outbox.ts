import { and, asc, eq, gt, sql, type SQL } from 'drizzle-orm';
import {
  dossierOutbox,
  outboxEpoch,
  type DossierChangeKind,
  type DossierStatus,
  type dossiers,
} from '../../drizzle/dossiers.ts';
import type { Db } from '../kit/createDb.ts';

/**
 * A change as the outbox holds it, with its public id: "<epoch>-<position>", unique across deployments
 * and across a database made anew (positions restart at 1 there; the epoch does not repeat).
 */
export type OutboxRow = typeof dossierOutbox.$inferSelect & { changeId: string };

/** The outbox's epoch, read (or made, in a database emptied since its migration) once per database. */
const epochs = new WeakMap<Db, Promise<string>>();
export function outboxEpochOf(db: Db): Promise<string> {
  let epoch = epochs.get(db);
  if (!epoch) {
    epoch = readOutboxEpoch(db);
    epoch.catch(() => epochs.delete(db)); // a failed read is tried again next time
    epochs.set(db, epoch);
  }
  return epoch;
}

/** The epoch stored in the database, made now if it has none (emptied by a reset since its migration). */
export async function readOutboxEpoch(db: Db): Promise<string> {
  await db
    .insert(outboxEpoch)
    .values({ epoch: sql`substr(md5(random()::text || clock_timestamp()::text), 1, 12)` })
    .onConflictDoNothing();
  const [row] = await db.select({ epoch: outboxEpoch.epoch }).from(outboxEpoch);
  if (!row) throw new Error('dossiers.outbox_epoch holds no epoch');
  return row.epoch;
}

/** A change's public id from the outbox's epoch and its position. */
export const changeIdOf = (epoch: string, position: number) => `${epoch}-${position}`;

/** The position a public change id names (the part after the epoch); NaN when it names none. */
export const positionOf = (changeId: string) => Number(/-(\d+)$/.exec(changeId)?.[1] ?? NaN);
type DossierRow = typeof dossiers.$inferSelect;
/** A transaction, or the database itself: anything that can insert and execute. */
type Writer = Pick<Db, 'insert' | 'execute'>;

/** The transaction lock every outbox writer takes: ids are then handed out in commit order. */
const outboxLock = 0x646f7373; // "doss"

/** What a status change is, for the subscribers: a supplement asked and answered, a payment asked and made. */
export function changeKindOf(from: DossierStatus | null, to: DossierStatus): DossierChangeKind {
  if (from === null) return 'SUBMITTED';
  if (to === 'SUPPLEMENT_REQUESTED') return 'SUPPLEMENT_REQUESTED';
  if (from === 'SUPPLEMENT_REQUESTED') return 'SUPPLEMENT_PROVIDED';
  if (to === 'PAYMENT_REQUIRED') return 'PAYMENT_REQUIRED';
  if (from === 'PAYMENT_REQUIRED' && to === 'IN_PROGRESS') return 'PAID';
  return 'STATUS_CHANGED';
}

/**
 * Writes the change's event into the outbox, inside the change's transaction and as its last write.
 * The transaction lock (released at commit) makes concurrent writers take ids in the order they
 * commit, so a consumer reading "after id N" never misses an event that committed later with a
 * smaller id. It is held only from this insert to the commit.
 */
export async function appendChange(tx: Writer, row: DossierRow, kind: DossierChangeKind, at: Date) {
  await tx.execute(sql`select pg_advisory_xact_lock(${outboxLock})`);
  await tx.insert(dossierOutbox).values({
    dossierCode: row.code,
    sequence: row.version,
    kind,
    status: row.status,
    at,
    agencyCode: row.agencyCode,
    provinceCode: row.provinceCode,
    procedureCode: row.procedureCode,
    channel: row.channel,
    dueAt: row.dueAt,
    applicantPersonalId: row.applicantPersonalId,
    applicantEnterpriseCode: row.applicantEnterpriseCode,
    feeAmountDue: row.feeAmountDue,
    feePaid: row.feePaid,
    ratingScore: row.ratingScore,
  });
}

/** Which changes a reader or subscriber sees. */
export interface ChangeFilter {
  agencyCode?: string | null;
  provinceCode?: string | null;
  /** A citizen's own dossiers only. */
  applicantPersonalId?: string | null;
}

const filterSql = (f: ChangeFilter): SQL | undefined =>
  and(
    f.agencyCode ? eq(dossierOutbox.agencyCode, f.agencyCode) : undefined,
    f.provinceCode ? eq(dossierOutbox.provinceCode, f.provinceCode) : undefined,
    f.applicantPersonalId ? eq(dossierOutbox.applicantPersonalId, f.applicantPersonalId) : undefined,
  );

/** Reads of the outbox: the pull query and the delivery worker. */
export function createOutboxReader(db: Db) {
  return {
    /** The epoch change ids carry (see outboxEpochOf). */
    outboxEpoch: () => outboxEpochOf(db),
    /** Up to `limit` changes after position `after`, in commit order. */
    changesAfter: async (after: number, limit: number, filter: ChangeFilter = {}): Promise<OutboxRow[]> => {
      const [epoch, rows] = await Promise.all([
        outboxEpochOf(db),
        db
          .select()
          .from(dossierOutbox)
          .where(and(gt(dossierOutbox.id, after), filterSql(filter)))
          .orderBy(asc(dossierOutbox.id))
          .limit(limit),
      ]);
      return rows.map((row) => ({ ...row, changeId: changeIdOf(epoch, row.id) }));
    },

    /** The oldest change after `after` that the filter lets through: how far behind a subscriber is. */
    oldestAfter: async (after: number, filter: ChangeFilter = {}): Promise<{ at: Date } | null> =>
      (
        await db
          .select()
          .from(dossierOutbox)
          .where(and(gt(dossierOutbox.id, after), filterSql(filter)))
          .orderBy(asc(dossierOutbox.id))
          .limit(1)
      )[0] ?? null,

    /** One change by position. */
    change: async (id: number): Promise<OutboxRow | null> => {
      const [epoch, [row]] = await Promise.all([
        outboxEpochOf(db),
        db.select().from(dossierOutbox).where(eq(dossierOutbox.id, id)),
      ]);
      return row ? { ...row, changeId: changeIdOf(epoch, row.id) } : null;
    },

    /** The latest position (0 when the outbox is empty). */
    latestId: async (): Promise<number> =>
      Number(
        (await db.select({ id: sql<string>`coalesce(max(${dossierOutbox.id}), 0)` }).from(dossierOutbox))[0]
          ?.id ?? 0,
      ),
  };
}

export type OutboxReader = ReturnType<typeof createOutboxReader>;
