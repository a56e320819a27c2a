import { sql } from 'drizzle-orm';
import { dossierOutbox, webhookDeadLetters, webhookSubscribers } from '../../drizzle/dossiers.ts';
import type { Db } from '../kit/createDb.ts';

/**
 * Deletes delivered changes from the outbox: those older than `olderThan` that every webhook
 * subscriber has acknowledged (at or before the least advanced cursor), never one a dead letter
 * still waits to be replayed with. In batches of `batch` (one short transaction each), so the
 * outbox's writers are never held up for long. Answers how many were deleted.
 */
export async function pruneOutbox(db: Db, options: { olderThan: Date; batch?: number }): Promise<number> {
  const batch = options.batch ?? 10_000;
  let deleted = 0;
  for (;;) {
    const rows = await db.execute(sql`
      delete from ${dossierOutbox} where ${dossierOutbox.id} in (
        select o.id from ${dossierOutbox} o
        where o.at < ${options.olderThan.toISOString()}::timestamptz
          and o.id <= coalesce((select min(${webhookSubscribers.delivered}) from ${webhookSubscribers}), 9223372036854775807)
          and not exists (
            select 1 from ${webhookDeadLetters} d where d.event_id = o.id and d.replayed_at is null)
        order by o.id
        limit ${batch})
      returning ${dossierOutbox.id}`);
    const count =
      (rows as unknown as { rows?: unknown[] }).rows?.length ?? (rows as unknown as unknown[]).length;
    deleted += count;
    if (count < batch) return deleted;
  }
}
