import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * A witness of the access log's checkpoints outside the population database: an append-only file of
 * signed notes, one JSON line each. Whoever rewrites the database cannot rewrite what was witnessed,
 * and cannot sign a new checkpoint without the key, which is not in the database either.
 */
export interface CheckpointWitness {
  /** Every note witnessed, oldest first. */
  notes(): Promise<string[]>;
  /** The latest note witnessed, or null. */
  latest(): Promise<string | null>;
  add(note: string): Promise<void>;
  /** Every retention cut witnessed (signed notes, see accessLogCuts), oldest first. */
  cuts(): Promise<string[]>;
  addCut(note: string): Promise<void>;
}

export function fileWitness(file: string): CheckpointWitness {
  const witness: CheckpointWitness = {
    async latest() {
      // The file's tail only: a witness grows by a line every few seconds, for years.
      let handle;
      try {
        handle = await open(file, 'r');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
      try {
        const { size } = await handle.stat();
        const length = Math.min(size, 16_384);
        const { buffer } = await handle.read(Buffer.alloc(length), 0, length, size - length);
        const lines = buffer
          .toString('utf8')
          .split('\n')
          .filter((line) => line.trim() !== '');
        const last = lines.at(-1);
        return last ? ((JSON.parse(last) as { note?: string }).note ?? null) : null;
      } finally {
        await handle.close();
      }
    },
    notes: () => linesOf(file, 'note'),
    cuts: () => linesOf(file, 'cut'),
    add: (note) => append(file, { note }),
    addCut: (cut) => append(file, { cut }),
  };
  return witness;
}

/** The string values of `key` over the witness file's JSON lines, oldest first ([] when there is no file). */
async function linesOf(file: string, key: 'note' | 'cut'): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .flatMap((line) => {
      try {
        const value = (JSON.parse(line) as Record<string, unknown>)[key];
        return typeof value === 'string' ? [value] : [];
      } catch {
        return [];
      }
    });
}

async function append(file: string, entry: Record<string, string>): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await appendFile(file, `${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`, { mode: 0o600 });
}
