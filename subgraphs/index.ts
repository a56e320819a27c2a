import { business } from './business/index.ts';
import { documents } from './documents/index.ts';
import { dossiers } from './dossiers/index.ts';
import type { AnySubgraphModule } from './kit/subgraphModule.ts';
import { population } from './population/index.ts';
import { procedures } from './procedures/index.ts';

/** Every subgraph, in one list that the gateway, the tests, composition and `npm start` all use. */
export const subgraphs: readonly AnySubgraphModule[] = [
  population,
  business,
  procedures,
  dossiers,
  documents,
];
