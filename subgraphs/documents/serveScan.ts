import type { DocumentsContext } from './context.ts';
import { ticketHolderOf } from './openScanDownload.ts';
import { secretHashOf } from './requestUpload.ts';
import type { RouteAnswer } from '../kit/subgraphModule.ts';

const refuse = (status: number, code: string, message: string, reason?: string): RouteAnswer => ({
  status,
  body: { errors: [{ message, extensions: { code, ...(reason ? { reason } : {}) } }] },
});

/**
 * Answers a GET of a one-time download URL: the scan's bytes, checked against their hash, to the caller
 * the URL was given to, once, before it expires; a refusal names none of the scan's facts.
 */
export async function serveScan(ctx: DocumentsContext, url: URL): Promise<RouteAnswer> {
  const holder = ticketHolderOf(ctx.request.caller);
  if (!holder) return refuse(403, 'FORBIDDEN', 'A scan is downloaded with the token that asked for its URL');
  const secret = url.searchParams.get('ticket') ?? '';
  if (!/^[\w-]{43}$/.test(secret))
    return refuse(404, 'NOT_FOUND', 'No such download URL', 'DOWNLOAD_URL_UNKNOWN');
  const hash = secretHashOf(secret);
  const now = new Date();
  const gone = () =>
    refuse(
      410,
      'NOT_FOUND',
      'This download URL was used, has expired, or is not yours: ask for another',
      'DOWNLOAD_URL_USED_OR_EXPIRED',
    );
  const component = await ctx.repo.downloadable(hash, holder, now);
  if (!component) return gone();
  // The bytes first, the ticket used after: a store that did not answer leaves the URL good to retry.
  let bytes: Buffer | null;
  try {
    bytes = await ctx.blobs.get(component.sha256);
  } catch (error) {
    return {
      ...refuse(
        503,
        'SUBGRAPH_UNAVAILABLE',
        'The scan store did not answer; the URL can be tried again',
        'SCAN_STORE_UNAVAILABLE',
      ),
      problem: `blob ${component.sha256}: ${(error as Error).message}`,
    };
  }
  if (!bytes)
    return {
      ...refuse(503, 'SUBGRAPH_UNAVAILABLE', 'The scan is missing from the store', 'SCAN_MISSING'),
      problem: `blob ${component.sha256} of component ${component.id} is not in the store`,
    };
  if (!(await ctx.repo.claimDownload(hash, now))) return gone();
  const extension = { 'application/pdf': 'pdf', 'image/jpeg': 'jpg', 'image/png': 'png' }[
    component.mediaType
  ];
  return {
    status: 200,
    bytes,
    headers: {
      'content-type': component.mediaType,
      // Dossier codes and requirement ids hold '#' and '.': only letters, digits, '-' and '_' in a file name.
      'content-disposition': `attachment; filename="${`${component.dossierCode}-${component.requirementId}`.replace(/[^\w-]/g, '_')}.${extension}"`,
    },
  };
}
