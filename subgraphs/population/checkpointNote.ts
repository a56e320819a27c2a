import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/**
 * Checkpoints of the access log as signed notes (C2SP signed-note and tlog-checkpoint, the format of
 * Go's sumdb and Sigstore's Rekor): three lines (origin, tree size, base64 root hash), a blank line,
 * and a signature line "— <key name> <base64(key hash ‖ Ed25519 signature)>".
 */

/** What the checkpoint names itself: the log it belongs to. */
export const accessLogOrigin = 'population.access-log.vn-data-sharing-gateway';

export interface Checkpoint {
  origin: string;
  size: number;
  root: Buffer;
}

/** The 4-byte key hash of a signed-note Ed25519 key: SHA-256(name ‖ \n ‖ 0x01 ‖ public key)[0:4]. */
function keyHash(name: string, publicKey: KeyObject): Buffer {
  const raw = Buffer.from((publicKey.export({ format: 'jwk' }) as { x: string }).x, 'base64url');
  return createHash('sha256')
    .update(Buffer.concat([Buffer.from(`${name}\n`), Buffer.of(1), raw]))
    .digest()
    .subarray(0, 4);
}

/**
 * The log's public key as a signed-note verifier key (C2SP signed-note: `<name>+<key hash, 8 hex
 * digits>+<base64(0x01 ‖ Ed25519 public key)>`), the string sumdb and Rekor clients take to check notes.
 */
export function verifierKey(publicKey: KeyObject, keyName = accessLogOrigin): string {
  const raw = Buffer.from((publicKey.export({ format: 'jwk' }) as { x: string }).x, 'base64url');
  const encoded = Buffer.concat([Buffer.of(1), raw]).toString('base64');
  return `${keyName}+${keyHash(keyName, publicKey).toString('hex')}+${encoded}`;
}

const bodyOf = (c: Checkpoint) => `${c.origin}\n${c.size}\n${c.root.toString('base64')}\n`;

/** Signs a checkpoint with the log's key (which lives outside the database it protects). */
export function signCheckpoint(
  checkpoint: Checkpoint,
  privateKey: KeyObject,
  keyName = accessLogOrigin,
): string {
  const body = bodyOf(checkpoint);
  const signature = sign(null, Buffer.from(body), privateKey);
  const hash = keyHash(keyName, createPublicKey(privateKey));
  return `${body}\n— ${keyName} ${Buffer.concat([hash, signature]).toString('base64')}\n`;
}

/** The checkpoint a note carries when the given key signed it; null otherwise (forged, altered, other key). */
export function openCheckpoint(
  note: string,
  publicKey: KeyObject,
  keyName = accessLogOrigin,
): Checkpoint | null {
  const split = note.indexOf('\n\n');
  if (split < 0) return null;
  const body = note.slice(0, split + 1);
  const lines = body.split('\n');
  const [origin, size, root] = lines;
  if (lines.length !== 4 || !origin || !size || !root || !/^\d+$/.test(size)) return null;
  const expected = keyHash(keyName, publicKey);
  for (const line of note.slice(split + 2).split('\n')) {
    const match = /^— (\S+) (\S+)$/.exec(line);
    if (!match || match[1] !== keyName) continue;
    const blob = Buffer.from(match[2] as string, 'base64');
    if (blob.length !== 68 || !blob.subarray(0, 4).equals(expected)) continue;
    if (verify(null, Buffer.from(body), publicKey, blob.subarray(4)))
      return { origin, size: Number(size), root: Buffer.from(root, 'base64') };
  }
  return null;
}
