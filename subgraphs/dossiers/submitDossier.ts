import { communePointProblem, filingPlaceOf, filingProblemOf } from './filingPlace.ts';
import { createHash } from 'node:crypto';
import { normalProcedureCode } from '../../runtime/procedureCode.ts';
import type { DossierStatus } from '../../drizzle/dossiers.ts';
import { checkProcedureCode, checkProvinceCode } from '../kit/checkArgs.ts';
import { badInput, gqlError, limitExceeded } from '../../runtime/errors.ts';
import { vietnamDate } from '../../runtime/vietnamTime.ts';
import type { DossiersContext } from './context.ts';
import type { SubmitDossierInput } from './resolverTypes.ts';
import { SequenceExhausted, type DossierRow, type NewDossier, type SubmissionRow } from './repository.ts';
import { maxDailySequence } from '../../runtime/dossierCode.ts';
import { fetchProcedureLevel, fetchSubmissionFacts, type SubmissionFacts } from './submissionFacts.ts';
import { onBehalfOf } from '../kit/supergraphClient.ts';
import { signCaseAssertion } from '../../runtime/caseAssertion.ts';
import { caseReachOf } from '../../runtime/caseReach.ts';
import { dueDateOf, withCalendar } from './workingDays.ts';
import { newLookupSecret } from './lookupSecret.ts';

/** Registries whose records can stand in for paper, by evidence source. */
const registryOf: Record<string, 'population' | 'business' | undefined> = {
  CITIZEN_REGISTRY: 'population',
  HOUSEHOLD_REGISTRY: 'population',
  BUSINESS_REGISTRY: 'business',
};
const closedBusiness = new Set(['DISSOLVED', 'BANKRUPT', 'REVOKED']);

function payloadHash(input: SubmitDossierInput): string {
  // Everything but the key itself.
  const canonical = JSON.stringify([
    normalProcedureCode(input.procedureCode),
    input.applicant.personalId ?? null,
    input.applicant.enterpriseCode ?? null,
    input.channel,
    input.provinceCode,
    // Only when given, so that keys stored before wardCode existed still match their resends.
    ...(input.wardCode != null ? [input.wardCode] : []),
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

function validate(input: SubmitDossierInput, ctx: DossiersContext): void {
  checkProcedureCode(input.procedureCode, 'procedureCode');
  checkProvinceCode(input.provinceCode);
  if (input.wardCode != null && !/^\d{5}$/.test(input.wardCode))
    throw badInput('wardCode is the 5-digit code of a ward or commune', 'wardCode');
  const misplaced = filingProblemOf({ ...input, procedureCode: normalProcedureCode(input.procedureCode) });
  if (misplaced) throw badInput(misplaced.message, misplaced.argument, { reason: misplaced.rule });
  const { personalId, enterpriseCode } = input.applicant;
  if (Boolean(personalId) === Boolean(enterpriseCode))
    throw badInput('applicant takes exactly one of personalId and enterpriseCode', 'applicant');
  if (
    input.idempotencyKey.length < 1 ||
    input.idempotencyKey.length > 100 ||
    input.idempotencyKey.trim() !== input.idempotencyKey
  )
    throw badInput('idempotencyKey is 1-100 characters without surrounding spaces', 'idempotencyKey');
  const caller = ctx.request.caller;
  if (caller.role === 'citizen' && personalId !== caller.subject)
    throw gqlError('FORBIDDEN', 'A citizen files dossiers only for themself');
}

/**
 * Files a dossier: checks the input, asks the catalogue and the registries through the supergraph,
 * meets every requirement it can without paper (once-only), freezes the fee and the due date, and
 * writes everything in one transaction. Idempotent per client and key.
 */
export async function submitDossier(
  input: SubmitDossierInput,
  ctx: DossiersContext,
): Promise<DossierRow & { lookupSecret: string }> {
  validate(input, ctx);
  const caller = ctx.request.caller;
  const clientId = caller.subject ?? caller.role;
  const hash = payloadHash(input);
  const replay = async (submission: SubmissionRow | null) => {
    if (!submission) throw new Error('idempotency key vanished');
    if (submission.payloadHash !== hash)
      throw gqlError('CONFLICT', 'This idempotencyKey was used for another submission', {
        dossierCode: submission.dossierCode,
      });
    const dossier = await ctx.loaders.dossier.load(submission.dossierCode);
    if (!dossier) throw new Error(`submitted dossier ${submission.dossierCode} is missing`);
    // Only the hash of the first answer's secret was kept: the resent submission gets a new secret,
    // and the one of an answer that may never have arrived stops working.
    const fresh = newLookupSecret();
    await ctx.repo.setLookupSecretHash(dossier.code, fresh.hash);
    return { ...dossier, lookupSecretHash: fresh.hash, lookupSecret: fresh.secret };
  };

  const earlier = await ctx.repo.findSubmission(clientId, input.idempotencyKey);
  if (earlier) return replay(earlier);

  // The catalogue first (public: no one's record is read): where the dossier is filed, so that a refused
  // submission reads (and logs) no one's record (#26); and the applicant's e-documents are read only
  // for a procedure that an e-document can serve.
  const procedure = await fetchProcedureLevel(
    ctx.supergraph,
    onBehalfOf(ctx.request, 'Tiếp nhận hồ sơ'),
    input.procedureCode,
  );
  if (!procedure)
    throw gqlError('NOT_FOUND', `No procedure ${input.procedureCode} in the catalogue`, {
      argument: 'procedureCode',
    });
  const missing = !input.wardCode && communePointProblem({ ...procedure, wardCode: input.wardCode });
  if (missing) throw badInput(missing.message, missing.argument, { reason: missing.rule });
  const place = filingPlaceOf({
    procedureCode: procedure.procedureCode,
    level: procedure.level,
    procedureAgency: procedure.agencyCode,
    provinceCode: input.provinceCode,
    wardCode: input.wardCode,
  });
  if (!('agencyCode' in place)) throw badInput(place.message, place.argument, { reason: place.rule });

  // Then the dossier's code, and the registry reads for it: an agency's client reads the applicant only
  // for a case, and this dossier is it (X-Dossier-Code, and the signed case assertion that lets the
  // population registry index the applicant before the dossier exists).
  const now = new Date();
  const day = vietnamDate(now).slice(2).replace(/-/g, '');
  const code = await ctx.repo
    .takeDossierCode(place.agencyCode, day, { clientId, idempotencyKey: input.idempotencyKey })
    .catch((error: unknown) => {
      if (error instanceof SequenceExhausted)
        throw limitExceeded(
          `Agency ${place.agencyCode} has received ${maxDailySequence} dossiers today: no dossier code is left until tomorrow`,
          maxDailySequence,
        );
      throw error;
    });
  const facts = await fetchSubmissionFacts(
    ctx.supergraph,
    {
      ...onBehalfOf(ctx.request, `Tiếp nhận hồ sơ thủ tục ${input.procedureCode}`),
      'x-dossier-code': code,
      ...(input.applicant.personalId && caseReachOf(caller)
        ? {
            'x-case-assertion': await signCaseAssertion(ctx.env, {
              sub: clientId,
              dossier: code,
              agency: place.agencyCode,
              applicant: input.applicant.personalId,
            }),
          }
        : {}),
    },
    { ...input, ...input.applicant, readDocuments: procedure.usesStore },
  );
  checkFacts(input, facts);

  const evidence = await planEvidence(input, facts, ctx);
  const consulted = [
    ...new Set(
      evidence.flatMap((e) =>
        e.source !== 'PAPER' && registryOf[e.source] ? [registryOf[e.source] as string] : [],
      ),
    ),
  ];
  const status: DossierStatus = input.channel === 'ONLINE' ? 'SUBMITTED' : 'RECEIVED';
  const { agencyCode } = place;
  const receipt = newLookupSecret();
  const plan: NewDossier = {
    day,
    dossier: {
      procedureCode: facts.procedure.code,
      applicantPersonalId: input.applicant.personalId ?? null,
      applicantEnterpriseCode: input.applicant.enterpriseCode ?? null,
      agencyCode,
      provinceCode: input.provinceCode,
      channel: input.channel,
      fullyOnline: input.channel === 'ONLINE' && facts.procedure.onlineService === 'FULL',
      status,
      version: 1,
      receivedAt: now,
      dueAt: withCalendar(() => dueDateOf(now, facts.procedure.processingDays)),
      feeAmountDue: facts.procedure.feeQuote.amountDue,
      feeDiscountPercent: facts.procedure.feeQuote.discountPercent,
      feePaid: facts.procedure.feeQuote.amountDue === '0',
      submittedBy: clientId,
      consultedRegistries: consulted,
      lookupSecretHash: receipt.hash,
    },
    event: { at: now, fromStatus: null, toStatus: status, actor: clientId, note: null },
    evidence,
    submission: { clientId, idempotencyKey: input.idempotencyKey, payloadHash: hash, createdAt: now },
  };
  const created = await ctx.repo.createDossier(plan, code).catch((error: unknown) => {
    if (error instanceof SequenceExhausted)
      throw limitExceeded(
        `Agency ${agencyCode} has received ${maxDailySequence} dossiers today: no dossier code is left until tomorrow`,
        maxDailySequence,
      );
    throw error;
  });
  if (created === 'duplicate') return replay(await ctx.repo.findSubmission(clientId, input.idempotencyKey));
  return { ...created, lookupSecret: receipt.secret };
}

function checkFacts(input: SubmitDossierInput, facts: SubmissionFacts): void {
  if (!facts.procedure)
    throw gqlError('NOT_FOUND', `No procedure ${input.procedureCode} in the catalogue`, {
      argument: 'procedureCode',
    });
  if (input.channel === 'ONLINE' && facts.procedure.onlineService === 'NONE')
    throw badInput(
      `Procedure ${input.procedureCode} is not offered online: file it in person or by post`,
      'channel',
      { reason: 'NOT_OFFERED_ONLINE' },
    );
  if (input.applicant.personalId) {
    if (!facts.citizen)
      throw gqlError('NOT_FOUND', 'No such citizen in the population database', { argument: 'applicant' });
    if (facts.citizen.deceased) throw badInput('The applicant is recorded as deceased', 'applicant');
  } else {
    if (!facts.business)
      throw gqlError('NOT_FOUND', 'No such enterprise in the business register', { argument: 'applicant' });
    if (closedBusiness.has(facts.business.status))
      throw badInput(`The enterprise is ${facts.business.status.toLowerCase()} and cannot file`, 'applicant');
  }
}

/**
 * Once-only: each requirement a registry holds is met by a reference to the applicant's record there;
 * paper by the scan of the same paper from an earlier dossier of the applicant, when there is one;
 * one an e-document meets, by the applicant's newest valid document of an accepted type (a revoked or
 * expired one is not used, and the evidence says why it is paper); a prior result by the applicant's
 * latest finished dossier; only what remains is paper.
 */
async function planEvidence(
  input: SubmitDossierInput,
  facts: SubmissionFacts,
  ctx: DossiersContext,
): Promise<NewDossier['evidence']> {
  const person = input.applicant.personalId ?? facts.business?.legalRepresentatives[0]?.personalId ?? null;
  const store = input.applicant.personalId ? facts.citizen : facts.business;
  const held = store?.documents ?? [];
  const scans = store?.digitisedComponents ?? [];
  const needsPrior = facts.procedure.requirements.some(
    (r) => r.evidence === 'PRIOR_RESULT' && r.acceptedDocumentTypes.length === 0,
  );
  const prior = needsPrior ? await ctx.repo.latestResultOf(input.applicant) : null;
  return facts.procedure.requirements.map((requirement) => {
    const none = {
      citizenId: null,
      enterpriseCode: null,
      priorDossierCode: null,
      documentId: null,
      componentId: null,
      paperReason: null,
    };
    const onPaper = { requirementId: requirement.id, source: 'PAPER' as const, ...none };
    // What would be paper is met by the scan of the same paper from an earlier dossier, when there is one.
    const scan = scans.find((s) => s.requirementName === requirement.name);
    const paper = scan ? { ...onPaper, source: 'DIGITISED' as const, componentId: scan.id } : onPaper;
    // A requirement an e-document meets takes the applicant's newest valid one of an accepted type; a
    // held one that is revoked or expired is not used, and the paper says why. No other source stands
    // in for it (an earlier dossier is no proof of what it issued; a scan, no proof it still holds).
    if (requirement.acceptedDocumentTypes.length > 0) {
      const accepted = held.filter((d) => requirement.acceptedDocumentTypes.includes(d.type.code));
      const valid = accepted.find((d) => d.status === 'VALID');
      if (valid) return { ...onPaper, source: 'E_DOCUMENT' as const, documentId: valid.id };
      const newest = accepted[0];
      if (!newest) return onPaper;
      return {
        ...onPaper,
        paperReason:
          newest.status === 'REVOKED' ? ('DOCUMENT_REVOKED' as const) : ('DOCUMENT_EXPIRED' as const),
      };
    }
    switch (requirement.evidence) {
      case 'CITIZEN_REGISTRY':
        return person ? { ...onPaper, source: 'CITIZEN_REGISTRY' as const, citizenId: person } : paper;
      case 'HOUSEHOLD_REGISTRY':
        // Residence comes from the household record: a citizen with none brings paper.
        return person && (!input.applicant.personalId || facts.citizen?.household)
          ? { ...onPaper, source: 'HOUSEHOLD_REGISTRY' as const, citizenId: person }
          : paper;
      case 'BUSINESS_REGISTRY':
        return input.applicant.enterpriseCode
          ? {
              ...onPaper,
              source: 'BUSINESS_REGISTRY' as const,
              enterpriseCode: input.applicant.enterpriseCode,
            }
          : paper;
      case 'PRIOR_RESULT':
        return prior ? { ...onPaper, source: 'PRIOR_RESULT' as const, priorDossierCode: prior } : paper;
      case 'FORM':
        // Filed online, the form is the e-form of the submission itself; at the counter or by post, paper
        // (this dossier's own form: an earlier one's scan is not it).
        return input.channel === 'ONLINE' ? { ...onPaper, source: 'FORM' as const } : onPaper;
      default:
        return paper;
    }
  });
}
