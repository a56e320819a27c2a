import { badInput } from '../../runtime/errors.ts';
import { accessLeafData, accessLeafHash } from './accessLeaf.ts';
import type { PopulationContext } from './context.ts';
import { consistencyRanges, inclusionRanges, rangeHash, subtreesOf, type Range } from './merkleTree.ts';
import type { AccessRecordRow } from './repository.ts';

const b64 = (hex: string | Buffer) =>
  (typeof hex === 'string' ? Buffer.from(hex, 'hex') : hex).toString('base64');

/** The hashes of the given ranges of the tree, from its stored complete subtrees (one statement a request). */
async function rangeHashes(ranges: Range[], ctx: PopulationContext): Promise<string[]> {
  const keys = [
    ...new Set(ranges.flatMap((r) => subtreesOf(r.start, r.end).map((s) => `${s.level}/${s.index}`))),
  ];
  const rows = await ctx.loaders.treeNode.loadMany(keys);
  const hashes = new Map(keys.map((key, i) => [key, rows[i]]));
  return ranges.map((range) =>
    b64(
      rangeHash(range.start, range.end, (s) => {
        const row = hashes.get(`${s.level}/${s.index}`);
        if (!row || row instanceof Error)
          throw new Error(`access tree: subtree ${s.level}/${s.index} is missing`);
        return Buffer.from(row.hash, 'hex');
      }),
    ),
  );
}

/** A record's inclusion proof against the latest checkpoint, or null while no checkpoint holds it. */
export async function inclusionOf(record: AccessRecordRow, ctx: PopulationContext) {
  if (record.leafIndex === null) return null;
  const checkpoint = await ctx.loaders.latestCheckpoint.load('latest');
  if (!checkpoint || record.leafIndex >= checkpoint.size) return null;
  return {
    leafIndex: String(record.leafIndex),
    treeSize: String(checkpoint.size),
    leafData: accessLeafData(record),
    leafHash: accessLeafHash(record).toString('base64'),
    auditPath: await rangeHashes(inclusionRanges(record.leafIndex, checkpoint.size), ctx),
    checkpoint: checkpoint.note,
  };
}

export async function latestCheckpointOf(ctx: PopulationContext) {
  const checkpoint = await ctx.loaders.latestCheckpoint.load('latest');
  return checkpoint && { size: String(checkpoint.size), root: b64(checkpoint.root), note: checkpoint.note };
}

/** The consistency proof between two tree sizes; BAD_USER_INPUT unless 1 ≤ from ≤ to ≤ the latest checkpoint. */
export async function consistencyOf(
  fromSize: string,
  toSize: string,
  ctx: PopulationContext,
): Promise<string[]> {
  const size = (value: string, argument: string) => {
    if (!/^[1-9]\d{0,15}$/.test(value))
      throw badInput(`${argument} is a tree size: a whole number from 1`, argument);
    return Number(value);
  };
  const [from, to] = [size(fromSize, 'fromSize'), size(toSize, 'toSize')];
  if (from > to) throw badInput('fromSize may not be larger than toSize', 'fromSize');
  const checkpoint = await ctx.loaders.latestCheckpoint.load('latest');
  if (!checkpoint || to > checkpoint.size)
    throw badInput(`toSize is beyond the latest checkpoint (${checkpoint?.size ?? 0} records)`, 'toSize');
  return rangeHashes(consistencyRanges(from, to), ctx);
}
