import type { ScopeHooks } from '../kit/enforceScopes.ts';
import { gqlError } from '../../runtime/errors.ts';
import { caseReachOf } from '../../runtime/caseReach.ts';
import type { PopulationContext } from './context.ts';
import type { CitizenRow, HouseholdRow } from './repository.ts';

/**
 * What another's personal read needs besides the scopes: a declared purpose (X-Purpose, else FORBIDDEN
 * reason PURPOSE_REQUIRED); and from a client, a legal basis it is registered for (X-Legal-Basis,
 * CLIENT_LIMITS_FILE) when it names one or has no agency to bind a case to (else FORBIDDEN reason
 * LEGAL_BASIS_REQUIRED or LEGAL_BASIS_NOT_ALLOWED). Refusals say nothing of the citizen.
 */
export function requirePurpose(ctx: PopulationContext): void {
  const caller = ctx.request.caller;
  if (!caller.purpose)
    throw gqlError('FORBIDDEN', 'Reading personal data needs a declared purpose: send the X-Purpose header', {
      reason: 'PURPOSE_REQUIRED',
    });
  requireLegalBasis(ctx);
}

/**
 * The client half of requirePurpose, checked also where a citizen is looked up, before anyone is: so
 * that a refused basis looks the same whether or not the personal ID is anyone's.
 */
export function requireLegalBasis(ctx: PopulationContext): void {
  const caller = ctx.request.caller;
  if (caller.role !== 'client') return;
  if (caller.legalBasis) {
    if (!caller.subject || !ctx.clientLimits.legalBasesOf(caller.subject).includes(caller.legalBasis))
      throw gqlError('FORBIDDEN', `This client is not registered for the legal basis ${caller.legalBasis}`, {
        reason: 'LEGAL_BASIS_NOT_ALLOWED',
      });
    return;
  }
  if (!caller.agency)
    throw gqlError(
      'FORBIDDEN',
      'A client of no agency reads personal data under a legal basis it is registered for: send X-Legal-Basis',
      { reason: 'LEGAL_BASIS_REQUIRED' },
    );
}

/**
 * FORBIDDEN reason NO_CASE: the caller is an agency's client and no dossier in its reach links the
 * person (or not the one it named). The same words whoever the person is, or whether they exist.
 */
export const noCase = () =>
  gqlError(
    'FORBIDDEN',
    'Your agency reads personal data only for a case in its reach: name, in X-Dossier-Code, a dossier of your agency that this person is a party to',
    { reason: 'NO_CASE' },
  );

/**
 * For a caller bound to cases, the case that allows reading this person's data (the dossier code), or
 * NO_CASE; null for a caller not bound (a citizen, a client under a legal basis).
 */
export function caseOf(ctx: PopulationContext, found: { caseCode?: string | null } | null): string | null {
  if (!caseReachOf(ctx.request.caller)) return null;
  if (!found?.caseCode) throw noCase();
  return found.caseCode;
}

/** What the log names a read of another domain's data about the citizen, granted here. */
const linkFields: Record<string, string> = { dossierLink: 'dossiers', documentLink: 'documents' };

/**
 * What the log names a read of the documents subgraph's holdings, granted here: a document's content, a
 * scan's bytes.
 */
const holdingFields: Record<string, string> = {
  Document: 'documents.content',
  DigitisedComponent: 'digitisedComponents.scan',
};

/** A document or a scan as the documents subgraph represents it to this registry. */
interface DocumentRef {
  id: string;
  holderPersonalId: string | null;
  /** The holder's case, for a caller bound to cases (see Document.__resolveReference). */
  caseCode?: string | null;
}

/** Fields whose reading is not a read of personal data (so needs no purpose and is not logged). */
const notPersonal = new Set(['Citizen.accessLog']);

/**
 * Where population data is guarded: a citizen token's own record is its citizen:self; every other
 * allowed personal field needs a declared purpose (X-Purpose), a citizen's token reading a spouse or a
 * household member included; every personal field read is recorded for the access log.
 */
export const personalReadHooks: ScopeHooks<PopulationContext> = {
  async isSelf(typeName, parent, ctx) {
    const subject = ctx.request.caller.subject;
    if (typeName === 'Citizen') return (parent as CitizenRow).personalId === subject;
    // A citizen's own document; one an enterprise holds is no one's personal data (the documents subgraph
    // decides who sees it: its clients, and the enterprise's representatives).
    if (typeName in holdingFields) {
      const holder = (parent as DocumentRef).holderPersonalId;
      return holder === subject || (holder === null && ctx.request.caller.role === 'citizen');
    }
    if (typeName === 'Household') {
      const self = subject ? await ctx.loaders.citizen.load(subject) : null;
      return self?.householdId === (parent as HouseholdRow).id;
    }
    return false;
  },
  onAllowed(typeName, fieldName, parent, ctx, bySelf) {
    const holding = holdingFields[typeName];
    if (holding) {
      // A document a business holds, or the scan of its paper, is no one's personal data.
      const holder = (parent as DocumentRef).holderPersonalId;
      if (!holder) return;
      if (bySelf) return ctx.audit.record(holder, holding);
      requirePurpose(ctx);
      ctx.audit.record(holder, holding, caseOf(ctx, parent as DocumentRef));
      return;
    }
    if (typeName !== 'Citizen' && typeName !== 'Household') return;
    if (notPersonal.has(`${typeName}.${fieldName}`)) return;
    let bound: string | null = null;
    if (!bySelf) {
      requirePurpose(ctx);
      bound = caseOf(ctx, parent as CitizenRow | HouseholdRow);
    }
    if (typeName === 'Citizen')
      ctx.audit.record((parent as CitizenRow).personalId, linkFields[fieldName] ?? fieldName, bound);
    else ctx.audit.record((parent as HouseholdRow).headId, `household.${fieldName}`, bound);
  },
};
