import { compactVerify, createLocalJWKSet, errors, type JWK } from 'jose';
import { documentAlgorithm } from './documentKeys.ts';

/** The JWS `typ` of an e-document. */
export const documentMediaType = 'vn-edoc+jwt';

/** What an e-document's JWS payload says (RFC 7519 claims, and the document itself in `doc`). */
export interface DocumentClaims {
  /** The issuing agency's e-ID. */
  iss: string;
  /** The holder: a personal ID or an enterprise code. */
  sub: string;
  /** The document's id in the store. */
  jti: string;
  iat: number;
  doc: {
    type: string;
    typeName: string;
    number: string;
    holderKind: 'CITIZEN' | 'BUSINESS';
    issuedOn: string;
    validUntil: string | null;
    content: Record<string, unknown>;
  };
}

export type VerificationReason =
  'MALFORMED' | 'UNKNOWN_KEY' | 'BAD_SIGNATURE' | 'WRONG_ISSUER' | 'UNKNOWN_DOCUMENT' | 'REVOKED' | 'EXPIRED';

export interface Verdict {
  valid: boolean;
  status: 'VALID' | 'REVOKED' | 'EXPIRED' | null;
  reason: VerificationReason | null;
  claims: DocumentClaims | null;
}

/**
 * Checks a presented e-document: the JWS signature against the agencies' keys (the kid names the key,
 * whose agency must be the issuer), then, if the signature holds, whether the document is revoked (as
 * `revoked` answers: true, false, or null for a document the store does not know) and whether
 * `today` (YYYY-MM-DD, Vietnam) is past its validity. Never throws for a bad document.
 */
export async function verifySignedDocument(
  signed: string,
  jwks: { keys: JWK[] },
  today: string,
  revoked: (id: string) => Promise<boolean | null>,
): Promise<Verdict> {
  const refuse = (reason: VerificationReason, claims: DocumentClaims | null = null): Verdict => ({
    valid: false,
    status: null,
    reason,
    claims,
  });
  if (typeof signed !== 'string' || signed.length > 100_000 || !/^[\w-]+\.[\w-]+\.[\w-]+$/.test(signed))
    return refuse('MALFORMED');
  let verified: Awaited<ReturnType<typeof compactVerify>>;
  try {
    verified = await compactVerify(signed.trim(), createLocalJWKSet(jwks), {
      algorithms: [documentAlgorithm],
    });
  } catch (error) {
    if (error instanceof errors.JWKSNoMatchingKey) return refuse('UNKNOWN_KEY');
    if (error instanceof errors.JWSSignatureVerificationFailed) return refuse('BAD_SIGNATURE');
    return refuse('MALFORMED');
  }
  let claims: DocumentClaims;
  try {
    claims = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(verified.payload)) as DocumentClaims;
  } catch {
    return refuse('MALFORMED');
  }
  if (verified.protectedHeader.typ !== documentMediaType || !claims?.doc || typeof claims.jti !== 'string')
    return refuse('MALFORMED');
  // A key signs for its own agency only: a kid is `<agency e-ID>#<thumbprint>`.
  if (verified.protectedHeader.kid?.split('#')[0] !== claims.iss) return refuse('WRONG_ISSUER', claims);
  const isRevoked = await revoked(claims.jti);
  if (isRevoked === null) return refuse('UNKNOWN_DOCUMENT', claims);
  if (isRevoked) return { valid: false, status: 'REVOKED', reason: 'REVOKED', claims };
  if (claims.doc.validUntil !== null && claims.doc.validUntil < today)
    return { valid: false, status: 'EXPIRED', reason: 'EXPIRED', claims };
  return { valid: true, status: 'VALID', reason: null, claims };
}
