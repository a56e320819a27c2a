import { Supergraph } from '@apollo/federation-internals';
import { printSchema } from 'graphql';

/** Where the client-facing schema is committed, relative to the project root. */
export const apiSchemaFile = 'api-schema.graphql';

/**
 * The client-facing schema of a supergraph: what its clients can query, without the join and link
 * machinery, as graphql-js prints it. This is the file clients generate code from (api-schema.graphql).
 * The security features (requiresScopes) are not for this check to refuse, hence no feature list.
 */
export function apiSchemaOf(supergraphSdl: string): string {
  const supergraph = Supergraph.build(supergraphSdl, { supportedFeatures: null });
  return `${printSchema(supergraph.apiSchema().toGraphQLJSSchema())}\n`;
}
