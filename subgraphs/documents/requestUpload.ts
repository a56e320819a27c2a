import { createHash, randomBytes } from 'node:crypto';
import { scanMediaTypes } from '../../drizzle/documents.ts';
import { badInput, gqlError } from '../../runtime/errors.ts';
import { checkDossierCode, checkLength } from '../kit/checkArgs.ts';
import { onBehalfOf } from '../kit/supergraphClient.ts';
import type { DocumentsContext } from './context.ts';

/** How long an upload URL opens anything. */
export const uploadTicketSeconds = 600;
/** Where the gateway takes uploads (GET parameters carry the one-time secret). */
export const uploadPath = '/uploads';

const finished = new Set(['NOT_ACCEPTED', 'WITHDRAWN', 'STOPPED', 'COMPLETED', 'RESULT_RETURNED']);

interface DossierRequirements {
  dossier: {
    code: string;
    status: string;
    applicant:
      | { __typename: 'Citizen'; personalId: string }
      | { __typename: 'Business'; enterpriseCode: string }
      | null;
    procedure: { requirements: Array<{ id: string; name: string }> } | null;
  } | null;
}

/** The SHA-256 (hex) of an upload secret: all the store keeps of it. */
export const secretHashOf = (secret: string) => createHash('sha256').update(secret).digest('hex');

/**
 * A one-time upload URL for the scan of one requirement of a dossier the caller may read and change,
 * while the dossier is still being handled. The store learns the dossier, its applicant and the
 * requirement's name by reading them through the gateway as the caller.
 */
export async function requestUpload(
  args: { dossierCode: string; requirementId: string },
  ctx: DocumentsContext,
  maxBytes: number,
) {
  checkDossierCode(args.dossierCode, 'dossierCode');
  checkLength(args.requirementId, 'requirementId', 100);
  const caller = ctx.request.caller;
  if (!ctx.supergraph)
    throw gqlError('SUBGRAPH_UNAVAILABLE', 'The documents service has no route to the supergraph');
  const response = await ctx.supergraph.query<DossierRequirements>(
    `query UploadFacts($code: String!) {
      dossier(code: $code) {
        code status procedure { requirements { id name } }
        applicant { __typename ... on Citizen { personalId } ... on Business { enterpriseCode } }
      }
    }`,
    { code: args.dossierCode },
    onBehalfOf(ctx.request, `Số hóa thành phần hồ sơ ${args.dossierCode}`),
  );
  const dossier = response.data?.dossier;
  if (!dossier) {
    if (response.errors?.some((e) => e.extensions?.code !== 'NOT_FOUND'))
      throw gqlError('SUBGRAPH_UNAVAILABLE', 'The dossier could not be read; no upload was opened');
    throw gqlError('NOT_FOUND', `No dossier ${args.dossierCode}`);
  }
  if (finished.has(dossier.status))
    throw badInput(
      `Dossier ${args.dossierCode} is ${dossier.status}: its paper is no longer received`,
      'dossierCode',
      {
        reason: 'DOSSIER_FINISHED',
      },
    );
  const requirement = dossier.procedure?.requirements.find((r) => r.id === args.requirementId);
  if (!dossier.procedure || !dossier.applicant)
    throw gqlError(
      'SUBGRAPH_UNAVAILABLE',
      'The dossier’s procedure or applicant could not be read; no upload was opened',
    );
  if (!requirement)
    throw badInput(
      `Requirement ${args.requirementId} is not one of the dossier's procedure`,
      'requirementId',
    );
  const secret = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + uploadTicketSeconds * 1000);
  await ctx.repo.createTicket({
    secretHash: secretHashOf(secret),
    clientId: caller.subject ?? caller.role,
    dossierCode: dossier.code,
    requirementId: requirement.id,
    requirementName: requirement.name,
    ...(dossier.applicant.__typename === 'Citizen'
      ? { holderKind: 'CITIZEN' as const, holderId: dossier.applicant.personalId }
      : { holderKind: 'BUSINESS' as const, holderId: dossier.applicant.enterpriseCode }),
    expiresAt,
  });
  return { url: `${uploadPath}?ticket=${secret}`, expiresAt, maxBytes, mediaTypes: [...scanMediaTypes] };
}
