import type { KeyObject } from 'node:crypto';
import type { Db } from '../kit/createDb.ts';
import type { Logger } from '../../runtime/logger.ts';
import { accessLeafHash } from './accessLeaf.ts';
import { accessLogOrigin, openCheckpoint, signCheckpoint } from './checkpointNote.ts';
import type { CheckpointWitness } from './checkpointWitness.ts';
import { MerkleFrontier } from './merkleTree.ts';
import { createPopulationRepository } from './repository.ts';

export interface AccessLogKeys {
  /** Signs checkpoints; lives outside the population database. */
  privateKey: KeyObject;
  publicKey: KeyObject;
}

export interface CheckpointerOptions extends AccessLogKeys {
  witness: CheckpointWitness;
  logger: Logger;
  /** Records taken into the tree per transaction (default 20,000). */
  batch?: number;
  /**
   * How long a record waits before the tree takes it (default 0). While it waits, a request resent with
   * the same X-Request-Id (its first answer lost with a replica killed after the read was logged) adds
   * its fields to that record instead of leaving a second one for the same read.
   */
  settleMs?: number;
}

const hex = (b: Buffer) => b.toString('hex');

/**
 * Takes new access records into the Merkle tree and signs a checkpoint of it: in one transaction
 * (one checkpointer at a time across replicas) it gives each waiting record its leaf index and leaf
 * hash, stores every complete subtree it finishes (for proofs), signs (size, root) as a note with a
 * key the database does not hold, stores it, and after commit hands it to the witness. It refuses to
 * extend a log whose stored state no longer matches what was signed and witnessed.
 */
export function createAccessLogCheckpointer(db: Db, options: CheckpointerOptions) {
  const batch = options.batch ?? 20_000;

  /** One batch; answers the note signed, or null when nothing was waiting. */
  async function once(settleMs: number): Promise<string | null> {
    const witnessed = await lastWitnessed();
    const made = await db.transaction(async (tx) => {
      const repo = createPopulationRepository(tx as unknown as Db);
      await repo.lockAccessTree();
      const latest = await repo.latestCheckpoint();
      const frontier = latest
        ? MerkleFrontier.from(
            latest.size,
            latest.edge.map((h) => Buffer.from(h, 'hex')),
          )
        : new MerkleFrontier();
      const signed = latest ? openCheckpoint(latest.note, options.publicKey) : null;
      if (
        latest &&
        (!signed ||
          signed.size !== latest.size ||
          hex(signed.root) !== latest.root ||
          hex(frontier.root()) !== latest.root)
      )
        throw new Error(
          'the stored access-log checkpoint does not match its signature: not extending a tampered log',
        );
      if (witnessed && (!latest || witnessed.size > latest.size))
        throw new Error(
          `the witness holds a checkpoint of ${witnessed.size} records the database does not: not extending a truncated log`,
        );
      const rows = await repo.unsequencedAccessRecords(
        batch,
        settleMs > 0 ? new Date(Date.now() - settleMs) : undefined,
      );
      if (!rows.length)
        return {
          note: null,
          behindWitness: latest && (!witnessed || witnessed.size < latest.size) ? latest.note : null,
        };
      const places: Array<{ id: number; month: string; leafIndex: number; leafHash: string }> = [];
      const nodes: Array<{ level: number; index: number; hash: string }> = [];
      for (const row of rows) {
        const leaf = accessLeafHash(row);
        places.push({ id: row.id, month: row.month, leafIndex: frontier.size, leafHash: hex(leaf) });
        for (const node of frontier.append(leaf))
          nodes.push({ level: node.level, index: node.index, hash: hex(node.hash) });
      }
      await repo.sequenceAccessRecords(places);
      await repo.storeTreeNodes(nodes);
      const root = frontier.root();
      const note = signCheckpoint({ origin: accessLogOrigin, size: frontier.size, root }, options.privateKey);
      await repo.storeCheckpoint({
        size: frontier.size,
        root: hex(root),
        edge: frontier.edgeHashes().map(hex),
        note,
        at: new Date(),
      });
      return {
        note,
        behindWitness: latest && (!witnessed || witnessed.size < latest.size) ? latest.note : null,
      };
    });
    // A checkpoint committed but not witnessed (the process stopped in between) is witnessed now.
    if (made.behindWitness) await options.witness.add(made.behindWitness);
    if (made.note) await options.witness.add(made.note);
    return made.note;
  }

  async function lastWitnessed() {
    const note = await options.witness.latest();
    if (!note) return null;
    const checkpoint = openCheckpoint(note, options.publicKey);
    if (!checkpoint) throw new Error('the witness’s latest checkpoint is not signed by the access-log key');
    return checkpoint;
  }

  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  /** Every settled record into the tree, batch after batch; one run at a time. */
  const checkpoint = (settleMs = options.settleMs ?? 0): Promise<number> => {
    const run = running.then(async () => {
      let notes = 0;
      while (await once(settleMs)) notes += 1;
      return notes;
    });
    running = run.catch(() => undefined);
    return run;
  };
  return {
    checkpoint,
    /** Checkpoints every intervalMs while records arrive (and nothing when none do). */
    start(intervalMs: number) {
      timer = setInterval(() => {
        checkpoint().catch((error: unknown) =>
          options.logger.error({ err: error }, 'access-log checkpoint failed: records wait unsigned'),
        );
      }, intervalMs);
      timer.unref();
    },
    /** Stops the timer and signs what arrived last (at shutdown), settled or not. */
    async stop() {
      clearInterval(timer);
      await checkpoint(0);
    },
  };
}

export type AccessLogCheckpointer = ReturnType<typeof createAccessLogCheckpointer>;
