import type { KeyObject } from 'node:crypto';
import { accessLogOrigin, openCheckpoint, signCheckpoint } from './checkpointNote.ts';

/**
 * A retention cut as a signed note in the checkpoint format: the origin names the cut ("… retention
 * cut before 2026-10-01": every leaf before it was read before that month), the size is the first
 * leaf kept and the root the tree's at that size. Signed with the log's key and witnessed like a
 * checkpoint, so a cut that no key holder made (rows deleted, a retention row inserted by hand) is
 * told from retention by `npm run audit:verify`.
 */
export interface RetentionCut {
  /** The first day of the first month kept (YYYY-MM-01). */
  before: string;
  /** The first leaf kept. */
  size: number;
  root: Buffer;
}

const prefix = `${accessLogOrigin} retention cut before `;

export function signCut(cut: RetentionCut, privateKey: KeyObject): string {
  return signCheckpoint({ origin: `${prefix}${cut.before}`, size: cut.size, root: cut.root }, privateKey);
}

/** The cut a note carries when the log's key signed it; null for anything else. */
export function openCut(note: string, publicKey: KeyObject): RetentionCut | null {
  const opened = openCheckpoint(note, publicKey);
  if (!opened || !opened.origin.startsWith(prefix)) return null;
  const before = opened.origin.slice(prefix.length);
  if (!/^\d{4}-\d{2}-01$/.test(before)) return null;
  return { before, size: opened.size, root: opened.root };
}
