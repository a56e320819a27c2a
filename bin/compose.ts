import { writeFileSync } from 'node:fs';
import { loadEnv } from '../runtime/env.ts';
import { composeSupergraph } from '../subgraphs/composeSupergraph.ts';

// `npm run compose`: writes the committed supergraph.graphql (served by the gateway, or by Apollo Router).
try {
  const path = loadEnv().supergraphPath;
  writeFileSync(path, composeSupergraph());
  console.log(`wrote ${path}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
