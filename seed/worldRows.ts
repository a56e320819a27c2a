import { businessRows } from './businessRows.ts';
import { dossierRows } from './dossierRows.ts';
import { populationRows } from './populationRows.ts';
import { procedureRows } from './procedureRows.ts';
import type { SeedRow } from './seedRow.ts';
import { unpublishedSigner, type DocumentSigner } from './resultDocuments.ts';
import { createWorldRandom } from './worldRandom.ts';
import { worldSizeProblem, type WorldSize } from './worldSize.ts';

/**
 * A consistent world across the five databases, streamed row by row: every reference from one
 * subgraph's records to another's (representatives, applicants, evidence, procedures, agencies)
 * points at a record generated earlier. Deterministic: the same size and seed give the same rows in
 * the same order (the documents' signatures too, for the same keys: `signer`, by default keys no one
 * publishes, made from the seed). Memory grows with the few facts later rows refer to (the IDs of living adults, the
 * active businesses), never with the rows themselves.
 */
export function* worldRows(
  size: WorldSize,
  signer: DocumentSigner = unpublishedSigner(size.seed),
): Generator<SeedRow> {
  const problem = worldSizeProblem(size);
  if (problem) throw new Error(problem);
  const random = createWorldRandom(size.seed);
  const population = yield* populationRows(size, random);
  const business = yield* businessRows(size, random, population);
  const procedures = yield* procedureRows(size, random);
  yield* dossierRows(size, random, { ...population, ...business, ...procedures }, signer);
}
