import type { KeyObject } from 'node:crypto';
import type { Db } from '../kit/createDb.ts';
import { accessLeafHash } from './accessLeaf.ts';
import { openCheckpoint, type Checkpoint } from './checkpointNote.ts';
import type { CheckpointWitness } from './checkpointWitness.ts';
import { MerkleFrontier } from './merkleTree.ts';
import { createPopulationRepository } from './repository.ts';

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
  options: { publicKey: KeyObject; witness: CheckpointWitness; onProgress?: (checked: number) => void },
): Promise<AccessLogReport> {
  const repo = createPopulationRepository(db);
  const problems: string[] = [];
  const witnessed: Checkpoint[] = [];
  for (const [i, note] of (await options.witness.notes()).entries()) {
    const checkpoint = openCheckpoint(note, options.publicKey);
    if (!checkpoint) problems.push(`witnessed checkpoint ${i + 1} is not signed by the access-log key`);
    else witnessed.push(checkpoint);
  }
  witnessed.sort((a, b) => a.size - b.size);
  for (const row of await repo.checkpoints())
    if (!openCheckpoint(row.note, options.publicKey))
      problems.push(`the database's checkpoint at size ${row.size} is not signed by the access-log key`);

  // Months dropped past retention took the leaves before `retained` with them; the tree goes on from
  // their stored subtree hashes, which the first witnessed root at or after it vouches for.
  const retained = await repo.retainedFromLeaf();
  const prefix = MerkleFrontier.edgeOf(retained).map((s) => `${s.level}/${s.index}`);
  const stored = new Map((await repo.treeNodes(prefix)).map((n) => [n.key, n.hash]));
  const missing = prefix.filter((key) => !stored.has(key));
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
    prefix.map((key) => Buffer.from(stored.get(key) as string, 'hex')),
  );
  // The next witnessed checkpoint to compare with (those before the cut were compared before it).
  let next = witnessed.filter((c) => c.size < retained).length;
  let lastGood = 0; // the largest witnessed size whose root matched
  let edited = false;
  let gap = false;
  const compareAtSize = () => {
    while (next < witnessed.length && (witnessed[next] as Checkpoint).size === frontier.size) {
      const checkpoint = witnessed[next] as Checkpoint;
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
  const waiting = (await repo.unsequencedCount())[0]?.n ?? 0;
  return {
    checked: frontier.size - retained,
    retainedFrom: retained,
    witnessed: latest?.size ?? 0,
    waiting,
    problems,
  };
}
