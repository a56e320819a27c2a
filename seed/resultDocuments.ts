import { createHash, createPrivateKey } from 'node:crypto';
import type { issuedDocuments } from '../drizzle/documents.ts';
import { documentTypeIssuedBy, validUntilOf } from '../runtime/documentTypes.ts';
import { vietnamDate } from '../runtime/vietnamTime.ts';
import { DocumentKeyMissing, type SigningKey } from '../subgraphs/documents/documentKeys.ts';
import { signDocument } from '../subgraphs/documents/signDocument.ts';

/** Where the generator gets each agency's document-signing key (the store's keys: createDocumentKeys). */
export interface DocumentSigner {
  signingKey(agencyCode: string): SigningKey;
}

/**
 * Keys no one publishes, made from the world's seed: what a world generated without the store's keys
 * (tests that only look at rows) signs with. Its documents do not verify against the published keys.
 */
export function unpublishedSigner(seed: number): DocumentSigner {
  const keys = new Map<string, SigningKey>();
  return {
    signingKey(agencyCode) {
      let made = keys.get(agencyCode);
      if (!made) {
        const secret = createHash('sha256').update(`${seed}:${agencyCode}`).digest();
        // An Ed25519 private key from its 32-byte seed: the fixed PKCS#8 prefix (RFC 8410), then the seed.
        const der = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), secret]);
        made = {
          kid: `${agencyCode}#unpublished`,
          key: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }),
        };
        keys.set(agencyCode, made);
      }
      return made;
    },
  };
}

/**
 * The store's keys (createDocumentKeys) where there is one for the agency (in development, always: it is
 * made), otherwise the unpublished key: a production demo without DOCUMENT_SIGNING_KEYS_DIR still seeds,
 * and its documents say UNKNOWN_KEY when verified.
 */
export function storeSigner(keys: DocumentSigner, seed: number): DocumentSigner {
  const fallback = unpublishedSigner(seed);
  return {
    signingKey(agencyCode) {
      try {
        return keys.signingKey(agencyCode);
      } catch (error) {
        if (error instanceof DocumentKeyMissing) return fallback.signingKey(agencyCode);
        throw error;
      }
    },
  };
}

/** A UUID (version 4 layout) drawn from a name, so that the same world gives the same document ids. */
export const uuidOf = (name: string): string => uuidFromDigest(createHash('sha256').update(name).digest());

/** A UUID (version 4 layout) from the first 16 bytes of a SHA-256 digest. */
export function uuidFromDigest(digest: Buffer): string {
  const hex = digest.toString('hex', 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16] as string, 16) & 3) | 8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export type DocumentRowInsert = typeof issuedDocuments.$inferInsert;

/**
 * The e-document a finished dossier's result is issued as, signed by its agency, or null when its
 * procedure issues none: the same row the documents subgraph writes for a dossier completed live.
 */
export function resultDocumentOf(
  signer: DocumentSigner,
  dossier: {
    code: string;
    procedureCode: string;
    procedureName: string;
    agencyCode: string;
    provinceCode: string;
    holderKind: 'CITIZEN' | 'BUSINESS';
    holderId: string;
    completedAt: Date;
  },
): DocumentRowInsert | null {
  const type = documentTypeIssuedBy(dossier.procedureCode);
  if (!type) return null;
  const id = uuidOf(`document:${dossier.code}`);
  const issuedOn = vietnamDate(dossier.completedAt);
  const validUntil = validUntilOf(type, issuedOn);
  const number = `KQ-${dossier.code}`;
  const content = {
    procedure: { code: dossier.procedureCode, name: dossier.procedureName },
    dossierCode: dossier.code,
    provinceCode: dossier.provinceCode,
    result: type.name,
  };
  const signed = signDocument(
    {
      iss: dossier.agencyCode,
      sub: dossier.holderId,
      jti: id,
      iat: Math.floor(dossier.completedAt.getTime() / 1000),
      doc: {
        type: type.code,
        typeName: type.name,
        number,
        holderKind: dossier.holderKind,
        issuedOn,
        validUntil,
        content,
      },
    },
    signer.signingKey(dossier.agencyCode),
  );
  return {
    id,
    typeCode: type.code,
    number,
    holderKind: dossier.holderKind,
    holderId: dossier.holderId,
    issuerCode: dossier.agencyCode,
    dossierCode: dossier.code,
    issuedOn,
    validUntil,
    content,
    signed,
    revokedAt: null,
    revokedReason: null,
  };
}
