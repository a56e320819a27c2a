import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readOrCreateShared } from './sharedFile.ts';

/** The key itself when it is Ed25519; otherwise an error naming where it came from. */
export function ed25519Key(key: KeyObject, source: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${source}: the key must be Ed25519`);
  return key;
}

/** A new Ed25519 private key as PKCS#8 PEM, as `openssl genpkey -algorithm ed25519` writes it. */
export const newEd25519Pem = (): string =>
  generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();

/**
 * An Ed25519 private key: from the configured file (the variable's value), or in development one made
 * once under the data directory and shared by every process there. Production refuses to start
 * without a configured key (`why` says what it signs).
 */
export async function loadEd25519PrivateKey(options: {
  file: string | undefined;
  variable: string;
  devFile: string;
  mode: 'development' | 'production' | 'test';
  why: string;
}): Promise<KeyObject> {
  if (options.file) return ed25519Key(createPrivateKey(readFileSync(options.file, 'utf8')), options.variable);
  if (options.mode === 'production') throw new Error(`Production needs ${options.variable}: ${options.why}`);
  return ed25519Key(
    createPrivateKey(await readOrCreateShared(options.devFile, async () => newEd25519Pem())),
    options.devFile,
  );
}
