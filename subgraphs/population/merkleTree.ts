import { createHash } from 'node:crypto';

/**
 * The Merkle tree of the access log, as Certificate Transparency defines it (RFC 9162 §2.1): leaves
 * hashed with a 0x00 prefix, interior nodes with 0x01, a tree of n leaves split at the largest power
 * of two below n. Pure functions over hashes (Buffers); where the hashes come from is the caller's.
 */

export type Hash = Buffer;

export const emptyRoot: Hash = createHash('sha256').digest();

export function leafHash(data: string | Buffer): Hash {
  return createHash('sha256').update(Buffer.of(0)).update(data).digest();
}

export function nodeHash(left: Hash, right: Hash): Hash {
  return createHash('sha256').update(Buffer.of(1)).update(left).update(right).digest();
}

/**
 * Whether n is a power of two. Not `(n & (n - 1)) === 0`: bit operators work on 32 bits, which took
 * 3·2^31 and 2^32 + 4 for powers of two, and a national log passes 2^31 leaves within months.
 */
const isPowerOfTwo = (n: number) => n > 0 && 2 ** Math.round(Math.log2(n)) === n;

/** The largest power of two smaller than n (n > 1). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * A complete subtree: leaves [index·2^level, (index+1)·2^level). Every range the proofs need is made
 * of these, and the log stores each one's hash once its last leaf is in.
 */
export interface Subtree {
  level: number;
  index: number;
}

/** The complete subtrees a range [start, end) of a tree decomposes into, left to right (RFC 9162's MTH). */
export function subtreesOf(start: number, end: number): Subtree[] {
  const n = end - start;
  if (n <= 0) return [];
  if (isPowerOfTwo(n) && start % n === 0) return [{ level: Math.log2(n), index: start / n }];
  const k = split(n);
  return [...subtreesOf(start, start + k), ...subtreesOf(start + k, end)];
}

/** The hash of a range from the hashes of its complete subtrees (as subtreesOf lists them). */
export function rangeHash(start: number, end: number, hashOf: (s: Subtree) => Hash): Hash {
  const n = end - start;
  if (n <= 0) return emptyRoot;
  if (isPowerOfTwo(n) && start % n === 0) return hashOf({ level: Math.log2(n), index: start / n });
  const k = split(n);
  return nodeHash(rangeHash(start, start + k, hashOf), rangeHash(start + k, end, hashOf));
}

/** A range of leaves whose hash one proof element is. */
export interface Range {
  start: number;
  end: number;
}

/** The ranges whose hashes make the inclusion proof of leaf m in a tree of n leaves (RFC 9162 §2.1.3.1). */
export function inclusionRanges(m: number, n: number, offset = 0): Range[] {
  if (n <= 1) return [];
  const k = split(n);
  return m < k
    ? [...inclusionRanges(m, k, offset), { start: offset + k, end: offset + n }]
    : [...inclusionRanges(m - k, n - k, offset + k), { start: offset, end: offset + k }];
}

/** The ranges whose hashes make the consistency proof from size m to size n (RFC 9162 §2.1.4.1). */
export function consistencyRanges(m: number, n: number, whole = true, offset = 0): Range[] {
  if (m === n) return whole ? [] : [{ start: offset, end: offset + m }];
  const k = split(n);
  return m <= k
    ? [...consistencyRanges(m, k, whole, offset), { start: offset + k, end: offset + n }]
    : [...consistencyRanges(m - k, n - k, false, offset + k), { start: offset, end: offset + k }];
}

/** The root a leaf and its inclusion proof lead to (compare it with a signed checkpoint's root). */
export function rootFromInclusion(m: number, n: number, leaf: Hash, proof: Hash[]): Hash | null {
  if (m < 0 || m >= n) return null;
  if (n === 1) return proof.length === 0 ? leaf : null;
  const last = proof.at(-1);
  if (!last) return null;
  const k = split(n);
  const inner =
    m < k
      ? rootFromInclusion(m, k, leaf, proof.slice(0, -1))
      : rootFromInclusion(m - k, n - k, leaf, proof.slice(0, -1));
  if (!inner) return null;
  return m < k ? nodeHash(inner, last) : nodeHash(last, inner);
}

/**
 * Whether a consistency proof shows that the tree of size n with root newRoot extends the tree of
 * size m with root oldRoot: nothing of the first m leaves was changed, removed or reordered.
 */
export function verifyConsistency(
  m: number,
  n: number,
  oldRoot: Hash,
  newRoot: Hash,
  proof: Hash[],
): boolean {
  if (m > n || m < 0) return false;
  if (m === 0) return proof.length === 0;
  if (m === n) return proof.length === 0 && oldRoot.equals(newRoot);
  const walk = (m_: number, n_: number, whole: boolean, items: Hash[]): [Hash, Hash] | null => {
    if (m_ === n_) {
      if (whole) return items.length === 0 ? [oldRoot, oldRoot] : null;
      return items.length === 1 ? [items[0] as Hash, items[0] as Hash] : null;
    }
    const last = items.at(-1);
    if (!last) return null;
    const k = split(n_);
    if (m_ <= k) {
      const inner = walk(m_, k, whole, items.slice(0, -1));
      return inner && [inner[0], nodeHash(inner[1], last)];
    }
    const inner = walk(m_ - k, n_ - k, false, items.slice(0, -1));
    return inner && [nodeHash(last, inner[0]), nodeHash(last, inner[1])];
  };
  const roots = walk(m, n, true, proof);
  return roots !== null && roots[0].equals(oldRoot) && roots[1].equals(newRoot);
}

/**
 * A tree kept as its right edge: the hash of each complete subtree ending at the last leaf, largest
 * first. Appending a leaf costs O(log n), and every complete subtree it finishes is reported, so the
 * log can store it for proofs.
 */
export class MerkleFrontier {
  /** Subtrees on the right edge, largest first, each with its level. */
  private edge: Array<{ level: number; hash: Hash }>;
  size: number;

  constructor(size = 0, edge: Array<{ level: number; hash: Hash }> = []) {
    this.size = size;
    this.edge = edge;
  }

  /** The complete subtrees whose hashes make the right edge of a tree of n leaves. */
  static edgeOf(n: number): Subtree[] {
    const out: Subtree[] = [];
    let start = 0;
    for (let level = 52; level >= 0; level -= 1) {
      const width = 2 ** level;
      if (n - start >= width) {
        out.push({ level, index: start / width });
        start += width;
      }
    }
    return out;
  }

  /** Appends a leaf; answers the complete subtrees it finished (the leaf itself first). */
  append(leaf: Hash): Array<Subtree & { hash: Hash }> {
    const index = this.size;
    const finished: Array<Subtree & { hash: Hash }> = [{ level: 0, index, hash: leaf }];
    let carry = { level: 0, hash: leaf };
    while (this.edge.length && this.edge[this.edge.length - 1]?.level === carry.level) {
      const left = this.edge.pop() as { level: number; hash: Hash };
      carry = { level: carry.level + 1, hash: nodeHash(left.hash, carry.hash) };
      finished.push({ level: carry.level, index: Math.floor(index / 2 ** carry.level), hash: carry.hash });
    }
    this.edge.push(carry);
    this.size += 1;
    return finished;
  }

  root(): Hash {
    if (!this.edge.length) return emptyRoot;
    let hash = (this.edge[this.edge.length - 1] as { hash: Hash }).hash;
    for (let i = this.edge.length - 2; i >= 0; i -= 1)
      hash = nodeHash((this.edge[i] as { hash: Hash }).hash, hash);
    return hash;
  }

  /** The right edge's hashes, largest subtree first (to store beside a checkpoint). */
  edgeHashes(): Hash[] {
    return this.edge.map((e) => e.hash);
  }

  /** A frontier from a tree size and its right edge's hashes, as edgeHashes gave them. */
  static from(size: number, hashes: Hash[]): MerkleFrontier {
    const shape = MerkleFrontier.edgeOf(size);
    if (shape.length !== hashes.length)
      throw new Error(`a tree of ${size} leaves has ${shape.length} edge hashes`);
    return new MerkleFrontier(
      size,
      shape.map((s, i) => ({ level: s.level, hash: hashes[i] as Hash })),
    );
  }
}
