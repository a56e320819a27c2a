import { badInput, gqlError } from '../../runtime/errors.ts';
import { checkDocumentId } from './checkDocumentId.ts';
import type { DocumentsContext } from './context.ts';
import type { DocumentRow } from './repository.ts';

/**
 * Revokes a document its caller's agency issued. Another agency's document is NOT_FOUND, as if it did
 * not exist: revoking tells nothing of what others issued.
 */
export async function revokeDocument(
  id: string,
  reason: string,
  ctx: DocumentsContext,
): Promise<DocumentRow> {
  checkDocumentId(id);
  const trimmed = reason.trim();
  if (trimmed.length < 1 || trimmed.length > 500) throw badInput('reason is 1-500 characters', 'reason');
  const document = await ctx.loaders.document.load(id);
  if (!document || document.issuerCode !== ctx.request.caller.agency)
    throw gqlError('NOT_FOUND', `No document ${id} issued by your agency`);
  const revoked = await ctx.repo.revoke(id, trimmed, new Date());
  if (!revoked) throw gqlError('CONFLICT', `Document ${id} is already revoked`);
  return revoked;
}
