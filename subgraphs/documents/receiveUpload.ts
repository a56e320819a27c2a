import { createHash, randomUUID } from 'node:crypto';
import { vietnamDate, vietnamOffsetMs } from '../../runtime/vietnamTime.ts';
import { onBehalfOf } from '../kit/supergraphClient.ts';
import type { RouteAnswer } from '../kit/subgraphModule.ts';
import type { DocumentsContext } from './context.ts';
import { secretHashOf } from './requestUpload.ts';
import { sniffScan } from './sniffScan.ts';

/** An answer of the upload route: the HTTP status and a JSON body (GraphQL-style errors when refused). */
export type UploadAnswer = Extract<RouteAnswer, { body: unknown }>;

const refuse = (status: number, code: string, message: string, reason?: string): UploadAnswer => ({
  status,
  body: { errors: [{ message, extensions: { code, ...(reason ? { reason } : {}) } }] },
});

/**
 * Takes the bytes PUT to a one-time upload URL: refuses what is not a PDF, JPEG or PNG by its bytes (or
 * an image claiming too many pixels), a URL used or expired or another client's, and a client past its
 * daily quota; otherwise stores the file once by its SHA-256, records the component, and asks the
 * dossiers service (as the client) to count the requirement as digitised.
 */
export async function receiveUpload(
  ctx: DocumentsContext,
  body: Buffer,
  url: URL,
  limits: { maxBytes: number; dailyQuotaBytes: number },
): Promise<UploadAnswer> {
  const caller = ctx.request.caller;
  if (caller.role !== 'client' || !caller.subject)
    return refuse(
      403,
      'FORBIDDEN',
      'Uploads are made by the client that asked for the URL, with its own token',
    );
  const secret = url.searchParams.get('ticket') ?? '';
  if (!/^[\w-]{43}$/.test(secret))
    return refuse(404, 'NOT_FOUND', 'No such upload URL', 'UPLOAD_URL_UNKNOWN');
  // The route stops reading past the limit; checked again here, where the rule lives.
  if (body.length > limits.maxBytes)
    return refuse(413, 'LIMIT_EXCEEDED', `A scan may be at most ${limits.maxBytes} bytes`, 'SCAN_TOO_LARGE');
  const sniffed = sniffScan(body);
  if ('problem' in sniffed)
    return refuse(415, 'BAD_USER_INPUT', `Not accepted: ${sniffed.problem}`, 'UNSUPPORTED_SCAN');
  const now = new Date();
  // The quota's day is Vietnam's.
  const dayStart = new Date(Date.parse(`${vietnamDate(now)}T00:00:00Z`) - vietnamOffsetMs);
  const used = await ctx.repo.uploadedSince(caller.subject, dayStart);
  if (used + body.length > limits.dailyQuotaBytes)
    return refuse(
      429,
      'LIMIT_EXCEEDED',
      `Past the daily upload quota of ${limits.dailyQuotaBytes} bytes`,
      'STORAGE_QUOTA',
    );
  const ticket = await ctx.repo.claimTicket(secretHashOf(secret), caller.subject, now);
  if (!ticket)
    return refuse(
      410,
      'NOT_FOUND',
      'This upload URL was used, has expired, or is not yours: ask for another',
      'UPLOAD_URL_USED_OR_EXPIRED',
    );
  const sha256 = createHash('sha256').update(body).digest('hex');
  await ctx.blobs.put(sha256, body, sniffed.mediaType);
  const component = await ctx.repo.storeComponent(
    { sha256, mediaType: sniffed.mediaType, sizeBytes: body.length, storedAt: now },
    {
      id: randomUUID(),
      sha256,
      mediaType: sniffed.mediaType,
      holderKind: ticket.holderKind,
      holderId: ticket.holderId,
      dossierCode: ticket.dossierCode,
      requirementId: ticket.requirementId,
      requirementName: ticket.requirementName,
      uploadedBy: caller.subject,
      uploadedAt: now,
      sizeBytes: body.length,
    },
  );
  // The dossier's evidence is the dossiers service's to change: asked as the client, it checks the scan
  // is there before it counts the requirement as digitised.
  const recorded = await ctx.supergraph
    ?.query<{ recordDigitisedEvidence: { source: string } }>(
      `mutation RecordDigitised($code: String!, $requirement: ID!) {
        recordDigitisedEvidence(dossierCode: $code, requirementId: $requirement) { source }
      }`,
      { code: ticket.dossierCode, requirement: ticket.requirementId },
      onBehalfOf(ctx.request, `Số hóa thành phần hồ sơ ${ticket.dossierCode}`),
    )
    .catch(() => null);
  return {
    status: 201,
    body: {
      component: {
        id: component.id,
        dossierCode: component.dossierCode,
        requirementId: component.requirementId,
        mediaType: sniffed.mediaType,
        sizeBytes: body.length,
        sha256,
      },
      evidence: recorded?.data?.recordDigitisedEvidence?.source ?? null,
    },
  };
}
