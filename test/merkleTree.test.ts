import { describe, expect, it } from 'vitest';
import {
  consistencyRanges,
  inclusionRanges,
  leafHash,
  MerkleFrontier,
  nodeHash,
  rangeHash,
  rootFromInclusion,
  subtreesOf,
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

// Independent of this module's own hashing: the Certificate Transparency reference test vectors (the
// eight leaves of RFC 6962's test suite, as Go's and C++'s CT code pin them) and their roots by size.
describe('RFC 6962/9162 test vectors', () => {
  const vectorLeaves = [
    '',
    '00',
    '10',
    '2021',
    '3031',
    '40414243',
    '5051525354555657',
    '606162636465666768696a6b6c6d6e6f',
  ];
  const roots = [
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
    'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
    'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
    'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
    '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
    '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
    'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
    '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
  ];

  it('gives the pinned root at every size (leaf prefix 0x00, node prefix 0x01)', () => {
    const frontier = new MerkleFrontier();
    expect(frontier.root().toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
    vectorLeaves.forEach((hex, i) => {
      frontier.append(leafHash(Buffer.from(hex, 'hex')));
      expect(frontier.root().toString('hex'), `size ${i + 1}`).toBe(roots[i]);
    });
  });
});

// #26 point 25: `n & (n - 1)` works on 32 bits, so 3·2^31 and 2^32 + 4 passed for powers of two and
// every proof of a log that large would have been wrong.
describe('trees past 2^31 and 2^32 leaves', () => {
  it('splits a range into the complete subtrees RFC 9162 defines, whatever its size', () => {
    expect(subtreesOf(0, 3 * 2 ** 31)).toEqual([
      { level: 32, index: 0 },
      { level: 31, index: 2 },
    ]);
    expect(subtreesOf(0, 2 ** 32 + 4)).toEqual([
      { level: 32, index: 0 },
      { level: 2, index: 2 ** 30 },
    ]);
    expect(subtreesOf(2 ** 33, 2 ** 33 + 2 ** 32)).toEqual([{ level: 32, index: 2 }]);
  });

  it('hashes such a range from those subtrees', () => {
    const hashOf = (t: { level: number; index: number }) => leafHash(`${t.level}/${t.index}`);
    expect(rangeHash(0, 3 * 2 ** 31, hashOf)).toEqual(
      nodeHash(hashOf({ level: 32, index: 0 }), hashOf({ level: 31, index: 2 })),
    );
    expect(rangeHash(0, 2 ** 32 + 4, hashOf)).toEqual(
      nodeHash(hashOf({ level: 32, index: 0 }), hashOf({ level: 2, index: 2 ** 30 })),
    );
  });
});
