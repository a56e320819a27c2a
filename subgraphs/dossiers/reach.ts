import type { Caller } from '../../runtime/caller.ts';
import { scopes } from '../../runtime/scopes.ts';
import { agencySuffixOf, provinceSupervisedBy } from '../../runtime/agencyCodes.ts';

/**
 * Which dossiers a caller may know exist: every one (dossier:read:all), its own agency's (dossier:read or
 * dossier:write), every agency's of its province for a province's supervising office (Văn phòng UBND
 * tỉnh, reference/agency-codes.json), or a citizen's own. Anything outside is treated exactly like a
 * dossier that does not exist.
 */
export type DossierReach =
  | { kind: 'all' }
  | { kind: 'agency'; agencyCode: string }
  /** A supervising office: the agencies of the province (their e-IDs end in `.${suffix}`). */
  | { kind: 'province'; provinceCode: string; suffix: string }
  | { kind: 'applicant'; personalId: string }
  | { kind: 'none' };

export function reachOf(caller: Caller): DossierReach {
  if (caller.scopes.includes(scopes.dossierReadAll)) return { kind: 'all' };
  if (caller.scopes.includes(scopes.dossierRead) && caller.agency) {
    const province = provinceSupervisedBy(caller.agency);
    return province
      ? { kind: 'province', provinceCode: province, suffix: agencySuffixOf(province) }
      : { kind: 'agency', agencyCode: caller.agency };
  }
  if (caller.role === 'citizen' && caller.subject) return { kind: 'applicant', personalId: caller.subject };
  return { kind: 'none' };
}

/** Whether a dossier row is within reach. */
export function withinReach(
  row: { agencyCode: string; applicantPersonalId: string | null },
  reach: DossierReach,
): boolean {
  switch (reach.kind) {
    case 'all':
      return true;
    case 'agency':
      return row.agencyCode === reach.agencyCode;
    case 'province':
      return row.agencyCode.endsWith(`.${reach.suffix}`);
    case 'applicant':
      return row.applicantPersonalId === reach.personalId;
    case 'none':
      return false;
  }
}
