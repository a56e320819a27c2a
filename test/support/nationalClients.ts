import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ClientLimitsFile } from '../../runtime/clientLimits.ts';

/**
 * The legal basis the end-to-end clients read under. They are national clients (no agency claim):
 * these suites test the infrastructure (faults, limits, routers), not case binding, which an agency's
 * client needs for every read (test/caseBinding.int.test.ts).
 */
export const nationalBasis = 'PUBLIC-SERVICE-PORTAL';

/** The header a national client sends with every read of personal data. */
export const nationalHeaders = { 'x-legal-basis': nationalBasis } as const;

/**
 * Writes a CLIENT_LIMITS_FILE under `dataDir` registering each subject for `nationalBasis`, merged into
 * the given limits; answers its path, for the gateway's and the subgraphs' environment.
 */
export function writeNationalClients(
  dataDir: string,
  subjects: string[],
  limits: ClientLimitsFile = {},
): string {
  const file = path.join(dataDir, 'client-limits.json');
  const clients = { ...limits.clients };
  for (const sub of subjects) clients[sub] = { ...clients[sub], legalBases: [nationalBasis] };
  writeFileSync(file, JSON.stringify({ ...limits, clients }, null, 2));
  return file;
}
