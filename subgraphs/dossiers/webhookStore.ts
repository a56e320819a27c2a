import { and, asc, eq, isNull, lt, sql } from 'drizzle-orm';
import { webhookDeadLetters, webhookSubscribers } from '../../drizzle/dossiers.ts';
import type { Db } from '../kit/createDb.ts';
import { createOutboxReader } from './outbox.ts';

export type SubscriberRow = typeof webhookSubscribers.$inferSelect;
export type DeadLetterRow = typeof webhookDeadLetters.$inferSelect;

export interface NewSubscriber {
  id: string;
  url: string;
  secret: string;
  agencyCode?: string | null;
  provinceCode?: string | null;
  includeApplicant?: boolean;
  createdBy: string;
  /** 'now': changes committed from now on; 'beginning': every change the outbox holds. */
  from?: 'now' | 'beginning';
}

/**
 * The webhook subscribers and their delivery state. A worker leases a subscriber (FOR UPDATE SKIP
 * LOCKED, then a lease time) before delivering to it, so several workers, in several processes, share
 * the table and never deliver one subscriber's changes at once; a worker that dies leaves a lease that
 * runs out, and the next worker goes on from the subscriber's last acknowledged change.
 */
export function createWebhookStore(db: Db) {
  const outbox = createOutboxReader(db);
  return {
    /**
     * Adds a subscriber, or updates one of the same id (keeping its delivery state). With `onlyBy`, an
     * id registered by someone else is left alone ('taken'); with `max`, a new id past that many
     * subscribers is refused ('full'). Checked and written in one transaction.
     */
    register: async (
      subscriber: NewSubscriber,
      rules: { onlyBy?: string; max?: number } = {},
    ): Promise<SubscriberRow | 'taken' | 'full'> => {
      const start = subscriber.from === 'beginning' ? 0 : await outbox.latestId();
      const values = {
        id: subscriber.id,
        url: subscriber.url,
        secret: subscriber.secret,
        agencyCode: subscriber.agencyCode ?? null,
        provinceCode: subscriber.provinceCode ?? null,
        includeApplicant: subscriber.includeApplicant ?? false,
        createdBy: subscriber.createdBy,
      };
      return db.transaction(async (tx) => {
        // One registration at a time: the count and the owner are read and written under one lock.
        await tx.execute(sql`lock table ${webhookSubscribers} in share row exclusive mode`);
        const [existing] = await tx
          .select({ createdBy: webhookSubscribers.createdBy })
          .from(webhookSubscribers)
          .where(eq(webhookSubscribers.id, subscriber.id));
        if (existing && rules.onlyBy !== undefined && existing.createdBy !== rules.onlyBy) return 'taken';
        if (!existing && rules.max !== undefined) {
          const [counted] = await tx.select({ n: sql<number>`count(*)::int` }).from(webhookSubscribers);
          if ((counted?.n ?? 0) >= rules.max) return 'full';
        }
        const [row] = await tx
          .insert(webhookSubscribers)
          .values({ ...values, delivered: start })
          .onConflictDoUpdate({ target: webhookSubscribers.id, set: values })
          .returning();
        return row as SubscriberRow;
      });
    },

    subscribers: (): Promise<SubscriberRow[]> =>
      db.select().from(webhookSubscribers).orderBy(asc(webhookSubscribers.id)),

    subscriber: async (id: string): Promise<SubscriberRow | null> =>
      (await db.select().from(webhookSubscribers).where(eq(webhookSubscribers.id, id)))[0] ?? null,

    /**
     * Takes up to `limit` subscribers that are due and not held by another worker, for `leaseMs`; with
     * `failing`, only those whose last delivery failed (true) or only the others (false).
     */
    leaseDue: async (
      limit: number,
      leaseMs: number,
      which: { failing?: boolean } = {},
    ): Promise<SubscriberRow[]> => {
      const due = db
        .select({ id: webhookSubscribers.id })
        .from(webhookSubscribers)
        .where(
          and(
            sql`${webhookSubscribers.nextAttemptAt} <= now()`,
            sql`(${webhookSubscribers.leasedUntil} is null or ${webhookSubscribers.leasedUntil} < now())`,
            which.failing === undefined
              ? undefined
              : which.failing
                ? sql`${webhookSubscribers.attempts} > 0`
                : eq(webhookSubscribers.attempts, 0),
          ),
        )
        .orderBy(asc(webhookSubscribers.nextAttemptAt))
        .limit(limit)
        .for('update', { skipLocked: true });
      return db
        .update(webhookSubscribers)
        .set({ leasedUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval` })
        .where(sql`${webhookSubscribers.id} in ${due}`)
        .returning();
    },

    /**
     * The change at `eventId` was acknowledged: the subscriber's cursor moves on (never back: a worker
     * whose lease ran out may still finish a late delivery) and its lease is renewed.
     */
    advance: async (id: string, eventId: number, leaseMs: number): Promise<void> => {
      await db
        .update(webhookSubscribers)
        .set({
          delivered: eventId,
          attempts: 0,
          failingSince: null,
          lastError: null,
          leasedUntil: sql`now() + ${`${leaseMs} milliseconds`}::interval`,
        })
        .where(and(eq(webhookSubscribers.id, id), lt(webhookSubscribers.delivered, eventId)));
    },

    /** A delivery failed: try again at `nextAttemptAt`, and let the lease go. */
    fail: async (id: string, error: string, nextAttemptAt: Date, failingSince: Date): Promise<void> => {
      await db
        .update(webhookSubscribers)
        .set({
          attempts: sql`${webhookSubscribers.attempts} + 1`,
          lastError: error.slice(0, 500),
          nextAttemptAt,
          failingSince,
          leasedUntil: null,
        })
        .where(eq(webhookSubscribers.id, id));
    },

    /** Gives the change up after its time: parked as a dead letter, and the subscriber goes on past it. */
    park: (subscriber: SubscriberRow, eventId: number, error: string): Promise<void> =>
      db.transaction(async (tx) => {
        await tx.insert(webhookDeadLetters).values({
          subscriberId: subscriber.id,
          eventId,
          attempts: subscriber.attempts + 1,
          lastError: error.slice(0, 500),
          parkedAt: new Date(),
        });
        await tx
          .update(webhookSubscribers)
          .set({ delivered: eventId, attempts: 0, failingSince: null, lastError: null })
          .where(eq(webhookSubscribers.id, subscriber.id));
      }),

    /** Lets the lease go; the subscriber is due again at `nextAttemptAt`. */
    release: async (id: string, nextAttemptAt: Date): Promise<void> => {
      await db
        .update(webhookSubscribers)
        .set({ leasedUntil: null, nextAttemptAt })
        .where(eq(webhookSubscribers.id, id));
    },

    deadLetters: (subscriberId: string | null, limit: number): Promise<DeadLetterRow[]> =>
      db
        .select()
        .from(webhookDeadLetters)
        .where(
          and(
            subscriberId ? eq(webhookDeadLetters.subscriberId, subscriberId) : undefined,
            isNull(webhookDeadLetters.replayedAt),
          ),
        )
        .orderBy(asc(webhookDeadLetters.id))
        .limit(limit),

    deadLetter: async (id: number): Promise<DeadLetterRow | null> =>
      (await db.select().from(webhookDeadLetters).where(eq(webhookDeadLetters.id, id)))[0] ?? null,

    markReplayed: async (id: number): Promise<DeadLetterRow | null> =>
      (
        await db
          .update(webhookDeadLetters)
          .set({ replayedAt: new Date() })
          .where(eq(webhookDeadLetters.id, id))
          .returning()
      )[0] ?? null,
  };
}

export type WebhookStore = ReturnType<typeof createWebhookStore>;
