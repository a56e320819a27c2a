/**
 * Group commit: concurrent callers' items are written together by one `write` call at a time, and each
 * caller's promise settles with the write that carried its items (so a caller still knows its items are
 * stored before it goes on, and a failed write fails every caller in it). Used where every write must
 * take one lock, so that many concurrent requests cost one lock, not a queue of them.
 * One caller's items can never fail the others': a write that fails for a reason `split` accepts (a
 * refused row, not a lost database) is split in halves and each half written again, down to the caller
 * whose items are refused.
 */
export function createGroupCommit<T>(
  write: (items: T[]) => Promise<void>,
  maxItems = 2000,
  split: (error: unknown) => boolean = () => true,
): (items: T[]) => Promise<void> {
  const pending: Array<{ items: T[]; resolve: () => void; reject: (error: unknown) => void }> = [];
  let writing = false;

  async function drain() {
    writing = true;
    try {
      while (pending.length) {
        const batch: typeof pending = [];
        let count = 0;
        while (
          pending.length &&
          (batch.length === 0 || count + (pending[0]?.items.length ?? 0) <= maxItems)
        ) {
          const next = pending.shift() as (typeof pending)[number];
          batch.push(next);
          count += next.items.length;
        }
        await writeSplitting(batch);
      }
    } finally {
      writing = false;
    }
  }

  async function writeSplitting(batch: typeof pending): Promise<void> {
    try {
      await write(batch.flatMap((entry) => entry.items));
      for (const entry of batch) entry.resolve();
    } catch (error) {
      if (batch.length > 1 && split(error)) {
        const half = Math.ceil(batch.length / 2);
        await writeSplitting(batch.slice(0, half));
        await writeSplitting(batch.slice(half));
      } else for (const entry of batch) entry.reject(error);
    }
  }

  return (items) =>
    new Promise<void>((resolve, reject) => {
      pending.push({ items, resolve, reject });
      if (!writing) void drain();
    });
}
