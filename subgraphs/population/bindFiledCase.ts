import { verifyCaseAssertion, type CaseAssertion } from '../../runtime/caseAssertion.ts';
import { caseReachOf } from '../../runtime/caseReach.ts';
import type { PopulationContext } from './context.ts';

/**
 * The dossier a filing's registry read is for, on the dossiers service's signed case assertion
 * (X-Case-Assertion, runtime/caseAssertion.ts): only for the client that is filing, the dossier it
 * names (X-Dossier-Code) and that applicant. Anything else answers null, and the read is then refused
 * NO_CASE like any other without a case.
 */
export async function filedCaseOf(personalId: string, ctx: PopulationContext): Promise<CaseAssertion | null> {
  const raw = ctx.request.headers['x-case-assertion'];
  const caller = ctx.request.caller;
  if (typeof raw !== 'string' || raw.length > 2000 || !caseReachOf(caller) || !ctx.env) return null;
  const assertion = await verifyCaseAssertion(ctx.env, raw);
  return assertion &&
    assertion.sub === caller.subject &&
    assertion.dossier === caller.dossierCode &&
    assertion.applicant === personalId
    ? assertion
    : null;
}

/**
 * Puts the applicant of the dossier being filed in the case index: a case of the receiving agency,
 * and of the filing client's agency when that is another (a provincial portal filing at a commune
 * point), whose reads of the answer and later follow-up it binds.
 */
export async function bindFiledCase(assertion: CaseAssertion, ctx: PopulationContext): Promise<void> {
  const agencies = new Set([assertion.agency, ctx.request.caller.agency ?? assertion.agency]);
  for (const agencyCode of agencies)
    await ctx.repo.bindCase({
      personalId: assertion.applicant,
      dossierCode: assertion.dossier,
      agencyCode,
      relation: 'APPLICANT',
    });
}
