import type { DbHandle } from '../subgraphs/kit/createDb.ts';
import type { Logger } from '../runtime/logger.ts';
import type { SubgraphName } from '../runtime/subgraphNames.ts';
import { SeedRefused, seedWorld } from './seedWorld.ts';
import { demoSize } from './worldSize.ts';

/** Loads the subgraph's part of the demo data set when its tables are empty; leaves any data alone. */
export async function seedDemoIfEmpty(
  subgraph: SubgraphName,
  handle: DbHandle,
  logger: Logger,
): Promise<void> {
  try {
    const report = await seedWorld({ size: demoSize, handles: { [subgraph]: handle } });
    logger.info({ subgraph, rows: report.tables.reduce((sum, t) => sum + t.rows, 0) }, 'seeded demo data');
  } catch (error) {
    if (!(error instanceof SeedRefused)) throw error;
  }
}
