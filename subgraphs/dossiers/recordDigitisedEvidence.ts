import { badInput, gqlError } from '../../runtime/errors.ts';
import { checkDossierCode, checkLength } from '../kit/checkArgs.ts';
import { onBehalfOf } from '../kit/supergraphClient.ts';
import type { DossiersContext } from './context.ts';
import { reachOf, withinReach } from './reach.ts';
import type { EvidenceRow } from './repository.ts';

/**
 * Counts a paper requirement as DIGITISED by its scan. The dossiers service takes no one's word for the
 * scan: it reads the dossier's components from the documents service, through the gateway, as the caller.
 */
export async function recordDigitisedEvidence(
  args: { dossierCode: string; requirementId: string },
  ctx: DossiersContext,
): Promise<EvidenceRow> {
  checkDossierCode(args.dossierCode, 'dossierCode');
  checkLength(args.requirementId, 'requirementId', 100);
  const dossier = await ctx.loaders.dossier.load(args.dossierCode);
  if (!dossier || !withinReach(dossier, reachOf(ctx.request.caller)))
    throw gqlError('NOT_FOUND', `No dossier ${args.dossierCode}`);
  if (!ctx.supergraph)
    throw gqlError('SUBGRAPH_UNAVAILABLE', 'The dossiers service has no route to the supergraph');
  const response = await ctx.supergraph.query<{
    dossier: { digitisedComponents: Array<{ id: string; requirementId: string }> } | null;
  }>(
    `query DigitisedComponents($code: String!) { dossier(code: $code) { digitisedComponents { id requirementId } } }`,
    { code: args.dossierCode },
    onBehalfOf(ctx.request, `Số hóa thành phần hồ sơ ${args.dossierCode}`),
  );
  const components = response.data?.dossier?.digitisedComponents;
  if (!components)
    throw gqlError('SUBGRAPH_UNAVAILABLE', 'The scans of the dossier could not be read; nothing was changed');
  const scan = components.find((c) => c.requirementId === args.requirementId);
  if (!scan)
    throw badInput(`No scan was uploaded for requirement ${args.requirementId}`, 'requirementId', {
      reason: 'NO_SCAN',
    });
  const row = await ctx.repo.markDigitised(args.dossierCode, args.requirementId, scan.id);
  if (!row) throw badInput(`Requirement ${args.requirementId} is not one of the dossier's`, 'requirementId');
  return row;
}
