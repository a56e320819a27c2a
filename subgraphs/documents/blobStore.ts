import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Where the bytes of digitised components live, each file once under its SHA-256 (hex). */
export interface BlobStore {
  /** Stores the bytes unless a blob of that hash is already there. */
  put(sha256: string, bytes: Buffer, mediaType: string): Promise<void>;
  /** The bytes, or null when there is no such blob. */
  get(sha256: string): Promise<Buffer | null>;
}

/**
 * Blobs as files under a directory (DATA_DIR/blobs by default), two levels of hash prefix so that no
 * directory grows past a few thousand entries; written aside and renamed, so a reader never sees half.
 */
export function fileBlobStore(dir: string): BlobStore {
  const fileOf = (sha256: string) => {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a SHA-256: ${sha256.slice(0, 70)}`);
    return path.join(dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  };
  return {
    async put(sha256, bytes) {
      const file = fileOf(sha256);
      if (
        await stat(file).then(
          () => true,
          () => false,
        )
      )
        return;
      await mkdir(path.dirname(file), { recursive: true });
      const aside = `${file}.${randomUUID()}`;
      await writeFile(aside, bytes, { mode: 0o600 });
      await rename(aside, file);
    },
    async get(sha256) {
      return readFile(fileOf(sha256)).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return null;
        throw error;
      });
    },
  };
}
