import { defineConfig } from 'drizzle-kit';
import { subgraphNames, type SubgraphName } from './runtime/subgraphNames.ts';

// drizzle-kit takes one config per run; `npm run db:generate` runs it once per subgraph.
// This names a tool setting, not a service setting, so it is read here and not in kit/env.ts.
const subgraph = process.env.DRIZZLE_SUBGRAPH as SubgraphName;
if (!subgraphNames.includes(subgraph)) {
  throw new Error(`DRIZZLE_SUBGRAPH must be one of ${subgraphNames.join(', ')}`);
}

export default defineConfig({
  dialect: 'postgresql',
  schema: `./drizzle/${subgraph}.ts`,
  out: `./drizzle/migrations/${subgraph}`,
  schemaFilter: [subgraph],
});
