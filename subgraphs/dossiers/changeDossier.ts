import type { DossierStatus } from '../../drizzle/dossiers.ts';
import { badInput, gqlError } from '../../runtime/errors.ts';
import type { DossiersContext } from './context.ts';
import type { MutationRateDossierArgs, MutationTransitionDossierArgs } from './resolverTypes.ts';
import { allowedTransitions } from './lifecycle.ts';
import { checkDossierCode } from '../kit/checkArgs.ts';
import { onBehalfOf } from '../kit/supergraphClient.ts';
import { documentTypeIssuedBy } from '../../runtime/documentTypes.ts';
import { reachOf, withinReach } from './reach.ts';
import type { DossierRow } from './repository.ts';
import { addWorkingDays, withCalendar, workingDaysBetween } from './workingDays.ts';

const finished: readonly DossierStatus[] = ['COMPLETED', 'RESULT_RETURNED'];
/** While the applicant is waited for, the clock stands still. */
const clockStops: readonly DossierStatus[] = ['SUPPLEMENT_REQUESTED', 'PAYMENT_REQUIRED'];

function checkNote(note: string | null | undefined, argument: string): void {
  if (note != null && note.length > 1000)
    throw badInput(`${argument} may be at most 1000 characters`, argument);
}

/**
 * Moves a dossier one step along the lifecycle with optimistic concurrency. A citizen may only
 * withdraw their own dossier; officers (dossier:write) move their agency's dossiers.
 */
export async function transitionDossier(
  args: MutationTransitionDossierArgs,
  ctx: DossiersContext,
): Promise<DossierRow> {
  checkDossierCode(args.code);
  checkNote(args.note, 'note');
  const caller = ctx.request.caller;
  const dossier = await ctx.loaders.dossier.load(args.code);
  if (!dossier || !withinReach(dossier, reachOf(caller)))
    throw gqlError('NOT_FOUND', `No dossier ${args.code}`);
  if (caller.role === 'citizen' && args.to !== 'WITHDRAWN')
    throw gqlError('FORBIDDEN', 'A citizen may only withdraw their own dossier');
  // A stale view is a conflict first: the client must read the dossier again before deciding.
  if (dossier.version !== args.expectedVersion)
    throw gqlError('CONFLICT', `The dossier is at version ${dossier.version}, not ${args.expectedVersion}`, {
      currentVersion: dossier.version,
    });
  if (!allowedTransitions[dossier.status].includes(args.to))
    throw gqlError('INVALID_TRANSITION', `A dossier cannot go from ${dossier.status} to ${args.to}`, {
      from: dossier.status,
      to: args.to,
      allowed: allowedTransitions[dossier.status],
    });

  const now = new Date();
  const patch: Partial<DossierRow> = { status: args.to };
  if (args.to === 'COMPLETED') patch.completedAt = now;
  // Waiting for the applicant (a supplement, or the fees) stops the clock; when processing resumes the
  // due date moves by the working days it stood still.
  if (clockStops.includes(args.to)) patch.clockStoppedAt = now;
  if (clockStops.includes(dossier.status) && dossier.clockStoppedAt) {
    const stoppedAt = dossier.clockStoppedAt;
    patch.dueAt = withCalendar(() => addWorkingDays(dossier.dueAt, workingDaysBetween(stoppedAt, now)));
    patch.clockStoppedAt = null;
  }
  if (dossier.status === 'PAYMENT_REQUIRED' && args.to === 'IN_PROGRESS') {
    patch.feePaid = true;
    patch.feePaidAt = now;
  }
  const changed = await ctx.repo.transition(args.code, args.expectedVersion, patch, {
    at: now,
    fromStatus: dossier.status,
    toStatus: args.to,
    actor: caller.subject ?? caller.role,
    note: args.note ?? null,
  });
  if (!changed) throw gqlError('CONFLICT', 'The dossier changed meanwhile: read it again and retry');
  if (args.to === 'COMPLETED' && documentTypeIssuedBy(changed.procedureCode))
    await issueResultDocument(changed.code, ctx);
  return changed;
}

/**
 * Asks the e-document store to issue a completed dossier's result, as the officer who completed it.
 * The completion stands whatever happens here: the store may be down, or the agency without a key. A
 * dossier whose result was not issued shows `resultDocument: null`, and issueResultDocument (safe to
 * repeat) issues it later.
 */
async function issueResultDocument(code: string, ctx: DossiersContext): Promise<void> {
  if (!ctx.supergraph) return;
  await ctx.supergraph
    .query(
      `mutation IssueResultDocument($code: String!) { issueResultDocument(dossierCode: $code) { id } }`,
      { code },
      onBehalfOf(ctx.request, `Cấp kết quả hồ sơ ${code}`),
    )
    .catch(() => undefined);
}

/** Rates a finished dossier once: by its applicant (citizen token) or the client that submitted it. */
export async function rateDossier(args: MutationRateDossierArgs, ctx: DossiersContext): Promise<DossierRow> {
  checkDossierCode(args.code);
  if (!Number.isInteger(args.score) || args.score < 1 || args.score > 5)
    throw badInput('score is 1 to 5', 'score');
  checkNote(args.comment, 'comment');
  const caller = ctx.request.caller;
  const dossier = await ctx.loaders.dossier.load(args.code);
  const mayRate =
    dossier &&
    (caller.role === 'citizen'
      ? dossier.applicantPersonalId === caller.subject
      : dossier.submittedBy !== null && dossier.submittedBy === caller.subject);
  if (!dossier || !mayRate) {
    if (dossier && withinReach(dossier, reachOf(caller)))
      throw gqlError('FORBIDDEN', 'Only the applicant or the client that submitted the dossier may rate it');
    throw gqlError('NOT_FOUND', `No dossier ${args.code}`);
  }
  if (!finished.includes(dossier.status))
    throw badInput('Only a finished dossier (COMPLETED or RESULT_RETURNED) can be rated', 'code');
  const rated = await ctx.repo.rate(args.code, args.score, args.comment ?? null, new Date());
  if (!rated) throw gqlError('CONFLICT', 'This dossier has already been rated');
  return rated;
}
