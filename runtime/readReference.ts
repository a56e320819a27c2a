import { readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from './env.ts';

/**
 * A reference-data file of reference/ (codes, calendars, fee rules), parsed. Each file names its legal
 * source and what could not be verified; changing the data is an edit of the file and a restart.
 */
export function readReference<T>(name: string): T {
  return JSON.parse(readFileSync(referencePath(name), 'utf8')) as T;
}

/** Where a reference-data file lives, for messages that tell an operator what to edit. */
export const referencePath = (name: string) => path.join(projectRoot, 'reference', name);
