import type { DbHandle } from '../subgraphs/kit/createDb.ts';
import type { Logger } from '../runtime/logger.ts';
import type { SubgraphName } from '../runtime/subgraphNames.ts';
import type { Env } from '../runtime/env.ts';
import { createDocumentKeys } from '../subgraphs/documents/documentKeys.ts';
import { openBlobStore } from '../subgraphs/documents/openBlobStore.ts';
import { storeSigner } from './resultDocuments.ts';
import { storeSampleScans } from './sampleScans.ts';
import { SeedRefused, seedWorld } from './seedWorld.ts';
import { demoSize } from './worldSize.ts';

/** Loads the subgraph's part of the demo data set when its tables are empty; leaves any data alone. */
export async function seedDemoIfEmpty(
  subgraph: SubgraphName,
  handle: DbHandle,
  logger: Logger,
  env: Env,
): Promise<void> {
  try {
    // The documents subgraph's demo documents are signed with the keys it publishes, so they verify;
    // the other subgraphs generate them only to stay in step, and write none.
    const report = await seedWorld({
      size: demoSize,
      handles: { [subgraph]: handle },
      signer: subgraph === 'documents' ? storeSigner(createDocumentKeys(env), demoSize.seed) : undefined,
    });
    // The scans the seeded components point at, in the documents subgraph's blob store.
    if (subgraph === 'documents') await storeSampleScans(openBlobStore(env.blobStore));
    logger.info({ subgraph, rows: report.tables.reduce((sum, t) => sum + t.rows, 0) }, 'seeded demo data');
  } catch (error) {
    if (!(error instanceof SeedRefused)) throw error;
  }
}
