import { randomUUID } from 'node:crypto';
import { documentTypeIssuedBy, validUntilOf } from '../../runtime/documentTypes.ts';
import { badInput, gqlError } from '../../runtime/errors.ts';
import { vietnamDate } from '../../runtime/vietnamTime.ts';
import { checkDossierCode } from '../kit/checkArgs.ts';
import { onBehalfOf } from '../kit/supergraphClient.ts';
import type { DocumentsContext } from './context.ts';
import { DocumentKeyMissing } from './documentKeys.ts';
import { signDocument } from './signDocument.ts';
import type { DocumentRow } from './repository.ts';
import type { DocumentClaims } from './verifySignedDocument.ts';

interface DossierFacts {
  dossier: {
    code: string;
    status: string;
    completedAt: string | null;
    provinceCode: string;
    agency: { code: string } | null;
    procedure: { code: string; name: string } | null;
    applicant:
      | { __typename: 'Citizen'; personalId: string }
      | { __typename: 'Business'; enterpriseCode: string }
      | null;
  } | null;
}

const finished = new Set(['COMPLETED', 'RESULT_RETURNED']);

/**
 * Issues a finished dossier's result as an e-document signed by the dossier's agency, once: a second
 * call answers the first document. The store learns the dossier by reading it through the gateway as
 * the caller, so it issues only for a dossier the caller may see (and change: dossier:write), and
 * only once that dossier is finished.
 */
export async function issueResultDocument(dossierCode: string, ctx: DocumentsContext): Promise<DocumentRow> {
  checkDossierCode(dossierCode, 'dossierCode');
  if (!ctx.supergraph)
    throw gqlError('SUBGRAPH_UNAVAILABLE', 'The documents service has no route to the supergraph');
  const response = await ctx.supergraph.query<DossierFacts>(
    `query ResultDocumentFacts($code: String!) {
      dossier(code: $code) {
        code status completedAt provinceCode agency { code } procedure { code name }
        applicant { __typename ... on Citizen { personalId } ... on Business { enterpriseCode } }
      }
    }`,
    { code: dossierCode },
    onBehalfOf(ctx.request, `Cấp kết quả hồ sơ ${dossierCode}`),
  );
  const dossier = response.data?.dossier;
  // Out of the caller's reach is as absent as a dossier that does not exist.
  if (!dossier && response.errors?.some((e) => e.extensions?.code === 'NOT_FOUND'))
    throw gqlError('NOT_FOUND', `No dossier ${dossierCode}`);
  if (response.errors?.length && !dossier?.procedure)
    throw gqlError('SUBGRAPH_UNAVAILABLE', 'The dossier could not be read; no document was issued', {
      causes: response.errors.map((e) => e.extensions?.code ?? e.message),
    });
  if (!dossier) throw gqlError('NOT_FOUND', `No dossier ${dossierCode}`);
  // The dossier is within the caller's reach (it read it); the result is its agency's, signed with its key.
  if (!dossier.agency)
    throw gqlError('SUBGRAPH_UNAVAILABLE', "The dossier's agency could not be read; no document was issued");
  if (!finished.has(dossier.status) || !dossier.completedAt)
    throw badInput(
      `Dossier ${dossierCode} is ${dossier.status}: a result is issued once it is COMPLETED`,
      'dossierCode',
      {
        reason: 'DOSSIER_NOT_COMPLETED',
      },
    );
  const type = dossier.procedure ? documentTypeIssuedBy(dossier.procedure.code) : undefined;
  if (!dossier.procedure || !type || !dossier.applicant)
    throw badInput(
      `The result of procedure ${dossier.procedure?.code ?? '?'} is not issued as an e-document`,
      'dossierCode',
      {
        reason: 'NO_RESULT_DOCUMENT',
      },
    );
  const existing = await ctx.loaders.byDossier.load(dossierCode);
  if (existing) return existing;

  const holder =
    dossier.applicant.__typename === 'Citizen'
      ? { holderKind: 'CITIZEN' as const, holderId: dossier.applicant.personalId }
      : { holderKind: 'BUSINESS' as const, holderId: dossier.applicant.enterpriseCode };
  const id = randomUUID();
  const issuedOn = vietnamDate(new Date(dossier.completedAt));
  const validUntil = validUntilOf(type, issuedOn);
  const number = `KQ-${dossierCode}`;
  const content = {
    procedure: { code: dossier.procedure.code, name: dossier.procedure.name },
    dossierCode,
    provinceCode: dossier.provinceCode,
    result: type.name,
  };
  const claims: DocumentClaims = {
    iss: dossier.agency.code,
    sub: holder.holderId,
    jti: id,
    iat: Math.floor(Date.now() / 1000),
    doc: {
      type: type.code,
      typeName: type.name,
      number,
      holderKind: holder.holderKind,
      issuedOn,
      validUntil,
      content,
    },
  };
  let signed: string;
  try {
    signed = signDocument(claims, ctx.documentKeys.signingKey(dossier.agency.code));
  } catch (error) {
    if (error instanceof DocumentKeyMissing)
      throw gqlError('FORBIDDEN', `${error.message}: the agency cannot issue e-documents yet`, {
        reason: 'NO_SIGNING_KEY',
      });
    throw error;
  }
  return ctx.repo.issue({
    id,
    typeCode: type.code,
    number,
    ...holder,
    issuerCode: dossier.agency.code,
    dossierCode,
    issuedOn,
    validUntil,
    content,
    signed,
  });
}
