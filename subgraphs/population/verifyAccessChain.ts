import type { Db } from '../kit/createDb.ts';
import { accessRecordHash } from './accessChain.ts';
import { createPopulationRepository } from './repository.ts';

export interface ChainReport {
  checked: number;
  /** The id of the first record whose link does not hold, or null when the whole chain holds. */
  firstBroken: number | null;
  reason?: string;
}

/** Walks the access-record chain in id order, in slices, recomputing every hash. */
export async function verifyAccessChain(
  db: Db,
  onProgress?: (checked: number) => void,
): Promise<ChainReport> {
  const repo = createPopulationRepository(db);
  let checked = 0;
  let prevHash: string | null = null;
  let afterId = 0;
  for (;;) {
    const slice = await repo.chainSlice(afterId, 10_000);
    for (const row of slice) {
      if (row.prevHash !== prevHash)
        return {
          checked,
          firstBroken: row.id,
          reason: 'its previous-hash does not match the record before it',
        };
      if (accessRecordHash(prevHash, row) !== row.hash)
        return { checked, firstBroken: row.id, reason: 'its content does not match its hash' };
      prevHash = row.hash;
      checked += 1;
    }
    if (slice.length < 10_000) return { checked, firstBroken: null };
    afterId = slice.at(-1)?.id ?? afterId;
    onProgress?.(checked);
  }
}
