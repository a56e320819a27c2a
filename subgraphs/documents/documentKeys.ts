import type { JWK } from 'jose';
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Env } from '../../runtime/env.ts';
import { ed25519Key, newEd25519Pem } from '../../runtime/ed25519Key.ts';
import { readOrCreateSharedSync } from '../../runtime/sharedFile.ts';

/** The JWS algorithm of every document (RFC 8037: Ed25519). */
export const documentAlgorithm = 'EdDSA';

/** An agency's signing key and the kid its documents name. */
export interface SigningKey {
  kid: string;
  key: KeyObject;
}

/** No key for the agency (production names them all in DOCUMENT_SIGNING_KEYS_DIR). */
export class DocumentKeyMissing extends Error {
  constructor(agencyCode: string) {
    super(`No document-signing key for agency ${agencyCode} in DOCUMENT_SIGNING_KEYS_DIR`);
    this.name = 'DocumentKeyMissing';
  }
}

/** The agency a key file is for: `<agency>.pem` (its signing key) or `<agency>~<suffix>.pem` (retired). */
const agencyOfFile = (file: string) => file.replace(/\.pem$/, '').split('~')[0] as string;

/** A public JWK whose kid names its agency and its RFC 7638 thumbprint. */
function publicJwk(agencyCode: string, key: KeyObject): JWK {
  const { crv, kty, x } = createPublicKey(key).export({ format: 'jwk' });
  // RFC 7638 §3.2: the required members, in lexicographic order, no spaces.
  const thumbprint = createHash('sha256').update(JSON.stringify({ crv, kty, x })).digest('base64url');
  return { crv, kty, x, kid: `${agencyCode}#${thumbprint.slice(0, 16)}`, alg: documentAlgorithm, use: 'sig' };
}

/**
 * The agencies' document-signing keys, from DOCUMENT_SIGNING_KEYS_DIR, or in development made on first
 * use under the data directory (each agency its own, shared by every process there). Production never
 * makes one: an agency without a key file cannot issue (DocumentKeyMissing). Keys are small files read
 * once per process; the published set is read again at most every 10 seconds.
 */
export function createDocumentKeys(env: Pick<Env, 'documentKeysDir' | 'dataDir' | 'mode'>) {
  const dir = env.documentKeysDir ?? path.join(env.dataDir, 'document-keys');
  const makeKeys = !env.documentKeysDir && env.mode !== 'production';
  const signing = new Map<string, SigningKey>();
  let published: { at: number; jwks: { keys: JWK[] } } | null = null;
  return {
    /** The key that signs the agency's documents now. */
    signingKey(agencyCode: string): SigningKey {
      const cached = signing.get(agencyCode);
      if (cached) return cached;
      if (!/^[\w.]{1,35}$/.test(agencyCode)) throw new Error(`not an agency e-ID: ${agencyCode}`);
      const file = path.join(dir, `${agencyCode}.pem`);
      let pem: string;
      try {
        pem = makeKeys ? readOrCreateSharedSync(file, newEd25519Pem) : readFileSync(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new DocumentKeyMissing(agencyCode);
        throw error;
      }
      const key = ed25519Key(createPrivateKey(pem), file);
      const made = { kid: publicJwk(agencyCode, key).kid as string, key };
      signing.set(agencyCode, made);
      published = null;
      return made;
    },
    /** Every agency's public keys, current and retired, as a JWK Set. */
    jwks(): { keys: JWK[] } {
      if (!published || Date.now() - published.at > 10_000) {
        let files: string[] = [];
        try {
          files = readdirSync(dir);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
        }
        const keys = files
          .filter((file) => file.endsWith('.pem'))
          .sort()
          .map((file) =>
            publicJwk(
              agencyOfFile(file),
              ed25519Key(createPrivateKey(readFileSync(path.join(dir, file), 'utf8')), file),
            ),
          );
        published = { at: Date.now(), jwks: { keys } };
      }
      return published.jwks;
    },
  };
}

export type DocumentKeys = ReturnType<typeof createDocumentKeys>;
