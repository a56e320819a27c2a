import type { KeyObject } from 'node:crypto';
import type { Db } from '../kit/createDb.ts';
import { accessLeafHash } from './accessLeaf.ts';
import { openCheckpoint, type Checkpoint } from './checkpointNote.ts';
import type { CheckpointWitness } from './checkpointWitness.ts';
import { MerkleFrontier } from './merkleTree.ts';
import { createPopulationRepository } from './repository.ts';
import { openCut } from './accessLogCuts.ts';
import { monthStart } from './accessLogPartitions.ts';

export interface AccessLogReport {
  /** Records in the tree, as the database holds them. */
  checked: number;
  /** Leaves before this one were dropped past retention (0: none was); the check starts here. */
  retainedFrom: number;
  /** Records the witnessed checkpoints vouch for (the latest one's size). */
  witnessed: number;
  /** Records stored but not yet in a checkpoint (protected from the next one on). */
  waiting: number;
  /** What does not hold, first first; empty when the log is intact. */
  problems: string[];
}

/**
 * Checks the access log against the witnessed checkpoints: every witnessed note must carry the log
 * key's signature; every record in the tree must match its leaf hash; the leaves must run 0, 1, 2, …
 * without a gap; the tree rebuilt from the records' own content must have, at each witnessed size,
 * exactly the witnessed root; and the database must hold at least as many records as the last
 * witnessed checkpoint. That catches an edited row, a deleted row, a dropped tail, a log rewritten
 * with its hashes recomputed, and one citizen's records removed with the tree rebuilt: none of them
 * can produce the witnessed roots without the signing key, which is not in the database.
 */
export async function verifyAccessLog(
  db: Db,
  options: {
    publicKey: KeyObject;
    witness: CheckpointWitness;
    onProgress?: (checked: number) => void;
    /** ACCESS_LOG_RETENTION_MONTHS: whole months kept before the current one (0, the default: all). */
    retentionMonths?: number;
    now?: Date;
  },
): Promise<AccessLogReport> {
  const repo = createPopulationRepository(db);
  const problems: string[] = [];
  const witnessed: Checkpoint[] = [];
  const notes = await options.witness.notes();
  for (const [i, note] of notes.entries()) {
    const checkpoint = openCheckpoint(note, options.publicKey);
    if (!checkpoint) problems.push(`witnessed checkpoint ${i + 1} is not signed by the access-log key`);
    else witnessed.push(checkpoint);
  }
  // The database's own checkpoints are signed too: each must hold against the rows as a witnessed one
  // does, so a dropped tail shows even against a witness that lags (or was emptied).
  const stored: Checkpoint[] = [];
  for (const row of await repo.checkpoints()) {
    const checkpoint = openCheckpoint(row.note, options.publicKey);
    if (!checkpoint)
      problems.push(`the database's checkpoint at size ${row.size} is not signed by the access-log key`);
    else stored.push(checkpoint);
  }
  if (notes.length === 0 && stored.length > 0)
    problems.push(
      `the witness holds no checkpoint while the database holds ${stored.length} signed ones (up to ${stored.at(-1)?.size} records): the witness was emptied, or this is not its file`,
    );
  const bySize = new Map<number, Checkpoint>();
  for (const checkpoint of [...stored, ...witnessed]) bySize.set(checkpoint.size, checkpoint);
  const compared = [...bySize.values()].sort((a, b) => a.size - b.size);

  /**
   * A cut is retention only when the log's key signed it, the witness holds it, it ends where the
   * stored subtree hashes do, and every month it dropped lies outside the configured retention.
   */
  const cutProblems = async (at: number, root: Buffer): Promise<string[]> => {
    const months = options.retentionMonths ?? 0;
    if (months <= 0)
      return [
        `the log starts at leaf ${at}, but retention is off (ACCESS_LOG_RETENTION_MONTHS=0): the records before it were erased`,
      ];
    const cuts = (await options.witness.cuts())
      .map((note) => openCut(note, options.publicKey))
      .filter((cut) => cut !== null && cut.size === at);
    const cut = cuts.find((c) => c?.root.equals(root));
    if (!cut)
      return [
        cuts.length
          ? `the log was cut at leaf ${at}, and the subtree hashes before it differ from the signed cut`
          : `the log was cut at leaf ${at} with no signed, witnessed retention cut: the records before it were erased`,
      ];
    const boundary = monthStart(options.now ?? new Date(), -months);
    if (cut.before > boundary)
      return [
        `the log was cut before ${cut.before}, inside the retention of ${months} months (nothing before ${boundary} may go)`,
      ];
    return [];
  };

  // Months dropped past retention took the leaves before `retained` with them; the tree goes on from
  // their stored subtree hashes, which the first witnessed root at or after it vouches for.
  const retained = await repo.retainedFromLeaf();
  const prefix = MerkleFrontier.edgeOf(retained).map((s) => `${s.level}/${s.index}`);
  const subtrees = new Map((await repo.treeNodes(prefix)).map((n) => [n.key, n.hash]));
  const missing = prefix.filter((key) => !subtrees.has(key));
  if (missing.length) {
    problems.push(
      `the log was cut at leaf ${retained} for retention, and the subtree hashes before it (${missing.join(', ')}) are missing`,
    );
    return {
      checked: 0,
      retainedFrom: retained,
      witnessed: witnessed.at(-1)?.size ?? 0,
      waiting: 0,
      problems,
    };
  }
  const frontier = MerkleFrontier.from(
    retained,
    prefix.map((key) => Buffer.from(subtrees.get(key) as string, 'hex')),
  );
  if (retained > 0) problems.push(...(await cutProblems(retained, frontier.root())));
  // The next checkpoint to compare with (those before the cut are vouched for by the signed cut).
  let next = compared.filter((c) => c.size < retained).length;
  let lastGood = 0; // the largest witnessed size whose root matched
  let edited = false;
  let gap = false;
  const compareAtSize = () => {
    while (next < compared.length && (compared[next] as Checkpoint).size === frontier.size) {
      const checkpoint = compared[next] as Checkpoint;
      if (checkpoint.root.equals(frontier.root())) lastGood = checkpoint.size;
      else if (!problems.some((p) => p.startsWith('the log differs')))
        problems.push(
          `the log differs from the checkpoint witnessed at ${checkpoint.size} records: records among leaves ${lastGood}-${checkpoint.size - 1} were edited, removed or rewritten`,
        );
      next += 1;
    }
  };
  compareAtSize();
  for (let after = retained - 1; ;) {
    const slice = await repo.sequencedSlice(after, 10_000);
    for (const row of slice) {
      const leafIndex = row.leafIndex as number;
      if (leafIndex !== frontier.size && !gap) {
        gap = true;
        problems.push(
          `leaf ${frontier.size} is missing: a record was deleted (the next stored is leaf ${leafIndex}, record ${row.id})`,
        );
      }
      const leaf = accessLeafHash(row);
      if (leaf.toString('hex') !== row.leafHash && !edited) {
        edited = true;
        problems.push(
          `record ${row.id} (leaf ${leafIndex}) was edited: its content no longer matches its leaf hash`,
        );
      }
      frontier.append(leaf);
      compareAtSize();
    }
    options.onProgress?.(frontier.size);
    if (slice.length < 10_000) break;
    after = slice.at(-1)?.leafIndex ?? after;
  }
  const latest = witnessed.at(-1);
  if (latest && frontier.size < latest.size)
    problems.push(
      `the witness vouches for ${latest.size} records and the database holds ${frontier.size}: the tail was dropped`,
    );
  const latestStored = stored.at(-1);
  if (latestStored && frontier.size < latestStored.size && !(latest && latest.size >= latestStored.size))
    problems.push(
      `the database's signed checkpoint vouches for ${latestStored.size} records and it holds ${frontier.size}: the tail was dropped`,
    );
  const waiting = (await repo.unsequencedCount())[0]?.n ?? 0;
  return {
    checked: frontier.size - retained,
    retainedFrom: retained,
    witnessed: latest?.size ?? 0,
    waiting,
    problems,
  };
}
