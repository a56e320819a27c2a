import type { Db } from '../kit/createDb.ts';
import type { Logger } from '../../runtime/logger.ts';
import type { AccessLogKeys } from './accessLogCheckpointer.ts';
import { signCut } from './accessLogCuts.ts';
import type { CheckpointWitness } from './checkpointWitness.ts';
import { MerkleFrontier } from './merkleTree.ts';
import { createPopulationRepository } from './repository.ts';

export interface AccessLogPartitionsOptions {
  logger: Logger;
  /** Whole months kept before the current one; 0 keeps every month. */
  retentionMonths: number;
  /** Months added ahead of the current one (default 2), so a month's first record finds its partition. */
  monthsAhead?: number;
  /** Signs each cut with the log's key and hands it to the witness (see accessLogCuts). */
  signer?: AccessLogKeys & { witness: CheckpointWitness };
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
    await signCuts(now);
    return { added, dropped };
  }

  /**
   * Signs and witnesses the cuts retention made and no one signed yet (those just made, or left by a
   * replica stopped before it signed). A cut retention could not have made (retention off, or a month
   * still inside it) is not signed: it is an erasure, logged here and reported by audit:verify.
   */
  async function signCuts(now: Date): Promise<void> {
    if (!options.signer) return;
    const boundary = monthStart(now, -options.retentionMonths);
    for (const cut of await repo.unsignedCuts()) {
      const before = monthStart(new Date(`${cut.month}T00:00:00Z`), 1);
      if (options.retentionMonths <= 0 || before > boundary) {
        options.logger.error(
          { month: cut.month, endLeaf: cut.endLeaf, retentionMonths: options.retentionMonths },
          'access log: a cut retention did not make (records erased?); it is not signed',
        );
        continue;
      }
      const edge = MerkleFrontier.edgeOf(cut.endLeaf).map((t) => `${t.level}/${t.index}`);
      const stored = new Map((await repo.treeNodes(edge)).map((n) => [n.key, n.hash]));
      if (edge.some((key) => !stored.has(key))) {
        options.logger.error(
          { month: cut.month },
          'access log: a cut without its subtree hashes; not signed',
        );
        continue;
      }
      const root = MerkleFrontier.from(
        cut.endLeaf,
        edge.map((key) => Buffer.from(stored.get(key) as string, 'hex')),
      ).root();
      const note = signCut({ before, size: cut.endLeaf, root }, options.signer.privateKey);
      // Witnessed first: a cut stored as signed is always in the witness too.
      await options.signer.witness.addCut(note);
      await repo.storeCutNote(cut.month, note);
    }
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
