/**
 * Every OAuth scope the API knows, by name. Tokens carry them space-separated in `scope`; the SDL names
 * them in @requiresScopes (a test checks that it names no other); code uses these constants.
 */
export const scopes = {
  /** A citizen's name, birth date, gender and addresses. */
  citizenBasic: 'citizen:basic',
  /** Family, household and the rest of the identity record. */
  citizenFull: 'citizen:full',
  /** Ethnicity and religion. */
  citizenSensitive: 'citizen:sensitive',
  /** Given by the gateway to a citizen token, never by an issuer: the citizen's own record. */
  citizenSelf: 'citizen:self',
  businessRead: 'business:read',
  /** Dossiers of the token's own agency. */
  dossierRead: 'dossier:read',
  /** Every agency's dossiers. */
  dossierReadAll: 'dossier:read:all',
  dossierWrite: 'dossier:write',
  /** Every change to every dossier (dossierEvents): the national portal's status sync. */
  dossierEvents: 'dossier:events',
  /** Register webhook subscribers, list and replay their dead letters. */
  webhookManage: 'webhook:manage',
  /** A citizen's access log, as an auditor. */
  auditRead: 'audit:read',
  /** E-documents of the store (their content also needs citizen:basic when a citizen holds them). */
  documentRead: 'document:read',
  /** Revoke documents the token's agency issued. */
  documentIssue: 'document:issue',
} as const;

export type Scope = (typeof scopes)[keyof typeof scopes];

/** Scopes as a token's `scope` claim writes them. */
export const scopeClaim = (...list: Scope[]) => list.join(' ');
