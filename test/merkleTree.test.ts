import { describe, expect, it } from 'vitest';
import {
  consistencyRanges,
  inclusionRanges,
  leafHash,
  MerkleFrontier,
  nodeHash,
  rangeHash,
  rootFromInclusion,
  verifyConsistency,
  type Hash,
} from '../subgraphs/population/merkleTree.ts';

// RFC 9162's tree, checked against its definition (MTH computed straight from the leaves) for every
// size up to 70, every leaf's inclusion proof and every pair of sizes' consistency proof.
const leaves = Array.from({ length: 70 }, (_, i) => leafHash(`record ${i}`));
function mth(items: Hash[]): Hash {
  if (items.length === 1) return items[0] as Hash;
  let k = 1;
  while (k * 2 < items.length) k *= 2;
  return nodeHash(mth(items.slice(0, k)), mth(items.slice(k)));
}
const hashOfRange = (start: number, end: number) => mth(leaves.slice(start, end));
const proofOf = (ranges: Array<{ start: number; end: number }>) =>
  ranges.map((r) => hashOfRange(r.start, r.end));

describe('the access log Merkle tree (RFC 9162)', () => {
  it('keeps the same root as the definition while leaves are appended, from stored subtrees too', () => {
    const frontier = new MerkleFrontier();
    const stored = new Map<string, Hash>();
    for (let n = 1; n <= leaves.length; n += 1) {
      for (const s of frontier.append(leaves[n - 1] as Hash)) stored.set(`${s.level}/${s.index}`, s.hash);
      expect(frontier.root().equals(mth(leaves.slice(0, n)))).toBe(true);
      const fromStore = rangeHash(0, n, (s) => stored.get(`${s.level}/${s.index}`) as Hash);
      expect(fromStore.equals(frontier.root())).toBe(true);
      const again = MerkleFrontier.from(n, frontier.edgeHashes());
      expect(again.root().equals(frontier.root())).toBe(true);
    }
  });

  it('proves every leaf in every tree, and refuses a proof for another leaf or a changed one', () => {
    for (let n = 1; n <= 40; n += 1) {
      const root = mth(leaves.slice(0, n));
      for (let m = 0; m < n; m += 1) {
        const proof = proofOf(inclusionRanges(m, n));
        expect(rootFromInclusion(m, n, leaves[m] as Hash, proof)?.equals(root)).toBe(true);
        if (n > 1) {
          expect(rootFromInclusion((m + 1) % n, n, leaves[m] as Hash, proof)?.equals(root) ?? false).toBe(
            false,
          );
          expect(rootFromInclusion(m, n, leafHash('edited'), proof)?.equals(root) ?? false).toBe(false);
        }
      }
    }
  });

  it('proves every older tree consistent with every newer one, and refuses a rewritten history', () => {
    for (let n = 1; n <= 40; n += 1) {
      for (let m = 1; m <= n; m += 1) {
        const proof = proofOf(consistencyRanges(m, n));
        const [oldRoot, newRoot] = [mth(leaves.slice(0, m)), mth(leaves.slice(0, n))];
        expect(verifyConsistency(m, n, oldRoot, newRoot, proof)).toBe(true);
        const rewritten = mth([leafHash('forged'), ...leaves.slice(1, n)]);
        expect(verifyConsistency(m, n, oldRoot, rewritten, proof)).toBe(false);
      }
    }
  });

  it('numbers the subtrees it finishes past 2^31 leaves (a national log grows there in months)', () => {
    // A tree of 2^31 + 2^30 + ... + 2 leaves: its right edge is one subtree of each level from 31 to 1.
    const size = 2 ** 32 - 2;
    const edge = MerkleFrontier.edgeOf(size).map((s) => leafHash(`${s.level}/${s.index}`));
    const frontier = MerkleFrontier.from(size, edge);
    const finished = frontier.append(leafHash('next'));
    expect(finished.at(0)).toMatchObject({ level: 0, index: size });
    // The 2^32 - 1 leaves complete nothing more: the next does, every level up to 32.
    const all = frontier.append(leafHash('last'));
    expect(all.map((s) => [s.level, s.index])).toEqual(
      Array.from({ length: 33 }, (_, level) => [level, Math.floor((size + 1) / 2 ** level)]),
    );
    expect(frontier.size).toBe(2 ** 32);
  });
});
