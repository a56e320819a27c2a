import type { DbHandle } from '../subgraphs/kit/createDb.ts';
import type { Logger } from '../subgraphs/kit/logger.ts';
import type { SubgraphName } from '../subgraphs/kit/subgraphNames.ts';
import { demoSize, generateWorld, type World } from './generateWorld.ts';
import { isEmpty, writeWorld } from './writeWorld.ts';

let demoWorld: World | undefined;

/** The demo world, generated once per process and shared by the subgraphs started in it. */
export function getDemoWorld(): World {
  demoWorld ??= generateWorld(demoSize);
  return demoWorld;
}

/** Loads the subgraph's part of the demo data set when its tables are empty; leaves any data alone. */
export async function seedDemoIfEmpty(
  subgraph: SubgraphName,
  handle: DbHandle,
  logger: Logger,
): Promise<void> {
  if (!(await isEmpty(subgraph, handle.db))) return;
  const rows = await writeWorld(subgraph, handle.db, getDemoWorld());
  logger.info({ subgraph, rows }, 'seeded demo data');
}
