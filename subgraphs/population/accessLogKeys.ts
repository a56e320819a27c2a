import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Env } from '../../runtime/env.ts';
import { readOrCreateShared } from '../../runtime/sharedFile.ts';
import type { AccessLogKeys } from './accessLogCheckpointer.ts';

/** Where `npm start` keeps the development checkpoint key: beside, never inside, the database. */
export const devAuditKeyFile = (dataDir: string) => path.join(dataDir, 'dev-audit-key.pem');

function ed25519(key: KeyObject, source: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') throw new Error(`${source}: the access-log key must be Ed25519`);
  return key;
}

/**
 * The access log's checkpoint key pair: AUDIT_SIGNING_KEY_FILE (PKCS#8 PEM, `openssl genpkey
 * -algorithm ed25519`), or in development one made once under the data directory. Production refuses
 * to start without a configured key.
 */
export async function loadAccessLogKeys(env: Env): Promise<AccessLogKeys> {
  let pem: string;
  if (env.auditSigningKeyFile) pem = readFileSync(env.auditSigningKeyFile, 'utf8');
  else if (env.mode === 'production')
    throw new Error(
      'Production needs AUDIT_SIGNING_KEY_FILE: the access log’s checkpoints are signed with it',
    );
  else
    pem = await readOrCreateShared(devAuditKeyFile(env.dataDir), async () =>
      generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    );
  const privateKey = ed25519(createPrivateKey(pem), 'AUDIT_SIGNING_KEY_FILE');
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/** The key checkpoints are checked with: AUDIT_PUBLIC_KEY_FILE (SPKI PEM), else the signing key's public half. */
export async function loadAccessLogPublicKey(env: Env): Promise<KeyObject> {
  if (env.auditPublicKeyFile)
    return ed25519(createPublicKey(readFileSync(env.auditPublicKeyFile, 'utf8')), 'AUDIT_PUBLIC_KEY_FILE');
  return (await loadAccessLogKeys(env)).publicKey;
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
