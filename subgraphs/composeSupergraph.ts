import { composeServices } from '@apollo/composition';
import { defaultSubgraphUrl } from '../runtime/env.ts';
import { subgraphs } from './index.ts';

/**
 * Composes the four subgraph SDLs into the supergraph SDL (Federation 2). Throws with every
 * composition error listed when they do not compose.
 */
export function composeSupergraph(): string {
  const result = composeServices(
    subgraphs.map((s) => ({ name: s.name, typeDefs: s.typeDefs, url: defaultSubgraphUrl(s.name) })),
  );
  if (result.errors) {
    throw new Error(
      `Supergraph composition failed:\n${result.errors.map((e) => `- ${e.message}`).join('\n')}`,
    );
  }
  return result.supergraphSdl;
}
