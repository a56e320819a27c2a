import { randomBytes } from 'node:crypto';
import { gqlError } from '../../runtime/errors.ts';
import type { DocumentsContext } from './context.ts';
import type { ComponentRow } from './repository.ts';
import { secretHashOf } from './requestUpload.ts';

/** How long a download URL opens anything. */
export const downloadTicketSeconds = 300;
/** Where the gateway serves scans (GET, the parameter carries the one-time secret). */
export const scanPath = '/scans';

/** Whom a ticket is for: the caller's role and subject, so a citizen and a client never share a name. */
export const ticketHolderOf = (caller: DocumentsContext['request']['caller']) =>
  caller.subject ? `${caller.role}:${caller.subject}` : null;

/**
 * A one-time URL for the bytes of one scan, given to a caller the registries granted the read: the
 * population registry (which logged it) for a citizen's paper, or the business registry for a legal
 * representative of the enterprise whose paper it is.
 */
export async function openScanDownload(
  component: ComponentRow & { contentGrant?: boolean | null; representativeGrant?: boolean | null },
  ctx: DocumentsContext,
) {
  const granted =
    component.contentGrant === true ||
    (component.holderKind === 'BUSINESS' && component.representativeGrant === true);
  if (!granted)
    throw gqlError(
      'FORBIDDEN',
      "A scan's bytes are a read of its holder's personal data, which was not granted",
    );
  const holder = ticketHolderOf(ctx.request.caller);
  if (!holder)
    throw gqlError('FORBIDDEN', 'A scan is downloaded by a named client or citizen, with its own token');
  const secret = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + downloadTicketSeconds * 1000);
  await ctx.repo.createDownloadTicket({
    secretHash: secretHashOf(secret),
    clientId: holder,
    componentId: component.id,
    expiresAt,
  });
  return {
    url: `${scanPath}?ticket=${secret}`,
    expiresAt,
    mediaType: component.mediaType,
    sizeBytes: component.sizeBytes,
  };
}
