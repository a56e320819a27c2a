import type { Caller } from '../../runtime/caller.ts';

/** One access record to write: a caller's read of one citizen's fields in one request. */
export interface AccessRecordInput {
  at: Date;
  personalId: string;
  clientId: string;
  agencyCode: string;
  purpose: string;
  dossierCode: string | null;
  legalBasis: string | null;
  fields: string[];
  requestId: string;
}

/** What a citizen reading their own record declares when they send no X-Purpose. */
export const selfServicePurpose = 'citizen self-service';

/**
 * The personal reads of one request, collected as fields resolve and written once, in one batch,
 * before the response leaves: one record per citizen with every field read.
 */
export function createAuditTrail(caller: Caller) {
  const reads = new Map<string, Set<string>>();
  /** The case each citizen's read was bound to, when it was (the dossier the case index found). */
  const cases = new Map<string, string>();
  return {
    record(personalId: string, field: string, caseCode?: string | null) {
      let fields = reads.get(personalId);
      if (!fields) reads.set(personalId, (fields = new Set()));
      fields.add(field);
      if (caseCode) cases.set(personalId, caseCode);
    },
    /** The records to write (and forgets them); empty when nothing personal was read. */
    drain(at = new Date()): AccessRecordInput[] {
      const records = [...reads.entries()].map(([personalId, fields]) => ({
        at,
        personalId,
        clientId: caller.subject ?? caller.role,
        agencyCode: caller.agency ?? (caller.role === 'citizen' ? 'citizen' : ''),
        purpose: caller.purpose ?? (caller.role === 'citizen' ? selfServicePurpose : ''),
        dossierCode: cases.get(personalId) ?? caller.dossierCode,
        legalBasis: caller.legalBasis,
        fields: [...fields].sort(),
        requestId: caller.requestId,
      }));
      reads.clear();
      cases.clear();
      return records;
    },
  };
}

export type AuditTrail = ReturnType<typeof createAuditTrail>;
