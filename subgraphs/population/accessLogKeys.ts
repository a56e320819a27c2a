import { createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Env } from '../../runtime/env.ts';
import { ed25519Key, loadEd25519PrivateKey } from '../../runtime/ed25519Key.ts';
import type { AccessLogKeys } from './accessLogCheckpointer.ts';
import { verifierKey } from './checkpointNote.ts';

/** Where `npm start` keeps the development checkpoint key: beside, never inside, the database. */
export const devAuditKeyFile = (dataDir: string) => path.join(dataDir, 'dev-audit-key.pem');

/**
 * The access log's checkpoint key pair: AUDIT_SIGNING_KEY_FILE (PKCS#8 PEM, `openssl genpkey
 * -algorithm ed25519`), or in development one made once under the data directory. Production refuses
 * to start without a configured key.
 */
export async function loadAccessLogKeys(env: Env): Promise<AccessLogKeys> {
  const privateKey = await loadEd25519PrivateKey({
    file: env.auditSigningKeyFile,
    variable: 'AUDIT_SIGNING_KEY_FILE',
    devFile: devAuditKeyFile(env.dataDir),
    mode: env.mode,
    why: 'the access log’s checkpoints are signed with it',
  });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/** The key checkpoints are checked with: AUDIT_PUBLIC_KEY_FILE (SPKI PEM), else the signing key's public half. */
export async function loadAccessLogPublicKey(env: Env): Promise<KeyObject> {
  if (env.auditPublicKeyFile)
    return ed25519Key(createPublicKey(readFileSync(env.auditPublicKeyFile, 'utf8')), 'AUDIT_PUBLIC_KEY_FILE');
  return (await loadAccessLogKeys(env)).publicKey;
}

/** The verifier key of the log, read once per key file (see checkpointNote's verifierKey). */
const verifierKeys = new Map<string, Promise<string>>();
export function accessLogVerifierKey(env: Env): Promise<string> {
  const source = env.auditPublicKeyFile ?? env.auditSigningKeyFile ?? devAuditKeyFile(env.dataDir);
  let key = verifierKeys.get(source);
  if (!key) {
    key = loadAccessLogPublicKey(env).then((publicKey) => verifierKey(publicKey));
    verifierKeys.set(source, key);
  }
  return key;
}

/**
 * The witness file of the access log's checkpoints: AUDIT_WITNESS_FILE, or in development one under the
 * data directory (beside, not inside, the database). Production refuses to start without one.
 */
export function accessLogWitnessFile(env: Env): string {
  if (env.auditWitnessFile) return env.auditWitnessFile;
  if (env.mode === 'production')
    throw new Error(
      'Production needs AUDIT_WITNESS_FILE: the access log needs a witness outside its database',
    );
  return path.join(env.dataDir, 'witness', 'population-access-log.jsonl');
}
