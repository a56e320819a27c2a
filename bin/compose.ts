import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { apiSchemaFile, apiSchemaOf } from '../gateway/apiSchemaOf.ts';
import { loadEnv, projectRoot } from '../runtime/env.ts';
import { composeSupergraph } from '../subgraphs/composeSupergraph.ts';

// `npm run compose`: writes the committed supergraph.graphql (served by the gateway, or by Apollo Router)
// and its client-facing API schema, api-schema.graphql.
try {
  const supergraphPath = loadEnv().supergraphPath;
  const supergraph = composeSupergraph();
  writeFileSync(supergraphPath, supergraph);
  writeFileSync(path.join(projectRoot, apiSchemaFile), apiSchemaOf(supergraph));
  console.log(`wrote ${supergraphPath} and ${apiSchemaFile}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
