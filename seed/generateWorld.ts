import { worldRows } from './worldRows.ts';
import { type WorldRows } from './seedRow.ts';
import { type WorldSize } from './worldSize.ts';

export { demoSize, referenceInstant, type WorldSize } from './worldSize.ts';

/** The whole world in memory, table by table: for the demo data set and tests, not for national scale. */
export type World = { [S in keyof WorldRows]: { [T in keyof WorldRows[S]]: Array<WorldRows[S][T]> } };

/** Collects `worldRows` into arrays. */
export function generateWorld(size: WorldSize): World {
  const world = {
    population: { households: [], citizens: [], caseParties: [] },
    business: { businesses: [], legalRepresentatives: [], businessIndustries: [] },
    procedures: { agencies: [], procedures: [], fees: [], requirements: [], feePolicies: [] },
    dossiers: { dossiers: [], dossierEvents: [], dossierEvidence: [], dossierSequences: [] },
    documents: { blobs: [], documents: [], components: [] },
  } as World;
  for (const [subgraph, table, row] of worldRows(size))
    (world[subgraph] as unknown as Record<string, unknown[]>)[table as string]?.push(row);
  return world;
}
