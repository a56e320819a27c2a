import { sign } from 'node:crypto';
import { documentAlgorithm, type SigningKey } from './documentKeys.ts';
import { documentMediaType, type DocumentClaims } from './verifySignedDocument.ts';

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');

/**
 * The e-document as its issuer signs it: a JWS in compact serialisation (RFC 7515 §7.1), EdDSA over
 * Ed25519 (RFC 8037), header { alg, kid, typ }, the claims as UTF-8 JSON. Synchronous, so that the seed
 * generator signs as it streams; any JWS library verifies it (the tests use jose).
 */
export function signDocument(claims: DocumentClaims, signingKey: SigningKey): string {
  const header = base64url(
    JSON.stringify({ alg: documentAlgorithm, kid: signingKey.kid, typ: documentMediaType }),
  );
  const payload = base64url(JSON.stringify(claims));
  const signature = sign(null, Buffer.from(`${header}.${payload}`, 'ascii'), signingKey.key);
  return `${header}.${payload}.${base64url(signature)}`;
}
