import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, type DocumentNode } from 'graphql';

/** Parses the schema.graphql of the module whose folder is given (pass import.meta.dirname). */
export function loadSdl(folder: string, file = 'schema.graphql'): DocumentNode {
  return parse(readFileSync(path.join(folder, file), 'utf8'));
}
