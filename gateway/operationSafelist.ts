import type { ApolloServerPlugin } from '@apollo/server';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { parse, print, type DocumentNode } from 'graphql';
import { gqlError } from '../runtime/errors.ts';

/** The id of an operation document: SHA-256 of its printed form, so spacing and comments do not matter. */
export function operationHash(document: DocumentNode | string): string {
  const printed = print(typeof document === 'string' ? parse(document) : document);
  return createHash('sha256').update(printed).digest('hex');
}

export interface SafelistFile {
  operations: Array<{ hash: string; name: string; file: string }>;
}

/** The registered operation hashes of a safelist file; empty when there is no file. */
export function readSafelist(path: string): Set<string> {
  if (!existsSync(path)) return new Set();
  const file = JSON.parse(readFileSync(path, 'utf8')) as SafelistFile;
  return new Set(file.operations.map((o) => o.hash));
}

/** The registered operations of a safelist file by name: each name's document hashes. */
export function readRegisteredOperations(path: string): Map<string, Set<string>> {
  const byName = new Map<string, Set<string>>();
  if (!existsSync(path)) return byName;
  for (const { name, hash } of (JSON.parse(readFileSync(path, 'utf8')) as SafelistFile).operations)
    byName.set(name, (byName.get(name) ?? new Set()).add(hash));
  return byName;
}

/**
 * Refuses, before any planning, every operation whose document is not on the safelist that portals
 * registered at deploy time (`npm run operations:register`).
 */
export function safelistPlugin(allowed: Set<string>): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document }) {
          if (!allowed.has(operationHash(document)))
            throw gqlError('FORBIDDEN', 'This operation is not on the registered safelist', {
              reason: 'OPERATION_NOT_SAFELISTED',
            });
        },
      };
    },
  };
}
