import { agencySuffixOf, provinceSupervisedBy } from './agencyCodes.ts';
import type { Caller } from './caller.ts';

/**
 * Whose cases bind a caller's reads of personal data: an agency's client reads a citizen only for a
 * dossier of its agency, or, for a province's supervising office, of any agency of its province (its
 * e-IDs end in `.<suffix>`). Null for a caller not bound to cases: a citizen, a client of no agency, or
 * one that reads under a legal basis (X-Legal-Basis, checked against its registration).
 */
export type CaseReach = { agencyCode: string } | { suffix: string };

export function caseReachOf(caller: Caller): CaseReach | null {
  if (caller.role !== 'client' || !caller.agency || caller.legalBasis) return null;
  const province = provinceSupervisedBy(caller.agency);
  return province ? { suffix: agencySuffixOf(province) } : { agencyCode: caller.agency };
}
