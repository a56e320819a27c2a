import type { Db } from '../kit/createDb.ts';
import type { Logger } from '../../runtime/logger.ts';
import { createPopulationRepository } from './repository.ts';

export interface AccessLogPartitionsOptions {
  logger: Logger;
  /** Whole months kept before the current one; 0 keeps every month. */
  retentionMonths: number;
  /** Months added ahead of the current one (default 2), so a month's first record finds its partition. */
  monthsAhead?: number;
}

/** The first day (UTC) of the month `offset` months from the one holding `at`, as YYYY-MM-DD. */
export function monthStart(at: Date, offset = 0): string {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + offset, 1)).toISOString().slice(0, 10);
}

/**
 * Keeps the access log's monthly partitions: adds the current month and the next ones, and with a
 * retention drops the months before it whose records are all in the signed tree (their subtree
 * hashes stay, so proofs and `npm run audit:verify` go on from the first retained leaf). Safe on
 * several replicas at once: the database functions take one lock.
 */
export function createAccessLogPartitions(db: Db, options: AccessLogPartitionsOptions) {
  const repo = createPopulationRepository(db);
  const ahead = options.monthsAhead ?? 2;

  async function maintain(now = new Date()): Promise<{ added: number; dropped: string[] }> {
    const added = await repo.ensureAccessMonths(
      Array.from({ length: ahead + 1 }, (_, k) => monthStart(now, k)),
    );
    const dropped =
      options.retentionMonths > 0
        ? await repo.dropAccessMonthsBefore(monthStart(now, -options.retentionMonths))
        : [];
    if (added || dropped.length)
      options.logger.info({ added, dropped }, 'access log partitions: months added and dropped');
    return { added, dropped };
  }

  let timer: NodeJS.Timeout | undefined;
  return {
    maintain,
    /** Maintains every intervalMs (an hour by default) until stopped. */
    start(intervalMs = 3_600_000) {
      timer = setInterval(() => {
        maintain().catch((error: unknown) =>
          options.logger.error({ err: error }, 'access log partitions: maintenance failed, will retry'),
        );
      }, intervalMs);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
    },
  };
}

export type AccessLogPartitions = ReturnType<typeof createAccessLogPartitions>;
