import type { Caller } from '../../runtime/caller.ts';
import { scopes } from '../../runtime/scopes.ts';

/**
 * Which dossiers a caller may know exist: every one (dossier:read:all), its own agency's (dossier:read or
 * dossier:write),
 * or a citizen's own. Anything outside is treated exactly like a dossier that does not exist.
 */
export type DossierReach =
  | { kind: 'all' }
  | { kind: 'agency'; agencyCode: string }
  | { kind: 'applicant'; personalId: string }
  | { kind: 'none' };

export function reachOf(caller: Caller): DossierReach {
  if (caller.scopes.includes(scopes.dossierReadAll)) return { kind: 'all' };
  if (caller.scopes.includes(scopes.dossierRead) && caller.agency)
    return { kind: 'agency', agencyCode: caller.agency };
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
    case 'applicant':
      return row.applicantPersonalId === reach.personalId;
    case 'none':
      return false;
  }
}
