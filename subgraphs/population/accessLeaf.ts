import type { AccessRecordRow } from './repository.ts';
import { leafHash, type Hash } from './merkleTree.ts';

/**
 * The canonical content of an access record as a leaf of the log: its id and every field, as JSON.
 * Its leaf hash is SHA-256(0x00 ‖ this), as RFC 9162 hashes leaves; a citizen given it can check it.
 * The legal basis, added later, comes last and only when there is one, so that every leaf written
 * before it keeps its hash.
 */
export function accessLeafData(record: AccessRecordRow): string {
  return JSON.stringify([
    record.id,
    record.at.toISOString(),
    record.personalId,
    record.clientId,
    record.agencyCode,
    record.purpose,
    record.dossierCode,
    record.fields,
    record.requestId,
    ...(record.legalBasis ? [{ legalBasis: record.legalBasis }] : []),
  ]);
}

export const accessLeafHash = (record: AccessRecordRow): Hash => leafHash(accessLeafData(record));
