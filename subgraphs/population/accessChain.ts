import { createHash } from 'node:crypto';
import type { AccessRecordInput } from './auditTrail.ts';

/**
 * The chained hash of an access record: SHA-256 over the previous record's hash and the record's
 * content, so changing or removing any record breaks every link after it.
 */
export function accessRecordHash(prevHash: string | null, record: AccessRecordInput): string {
  const content = JSON.stringify([
    record.at.toISOString(),
    record.personalId,
    record.clientId,
    record.agencyCode,
    record.purpose,
    record.dossierCode,
    record.fields,
    record.requestId,
  ]);
  return createHash('sha256')
    .update(`${prevHash ?? ''}\n${content}`)
    .digest('hex');
}
