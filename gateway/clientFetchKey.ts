import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';

/**
 * What makes two subgraph fetches of client operations the same fetch: the operation without its name
 * (the planner names each fetch after the client's operation and its place in the plan, as in
 * `query Worklist__population__1`) and every variable but the entity representations. Null for the
 * gateway's own fetches (health checks, schema loading), which are never merged or cached.
 */
export function clientFetchKey(
  options: GraphQLDataSourceProcessOptions<Record<string, unknown>>,
): string | null {
  const { query, variables } = options.request;
  // (GraphQLDataSourceRequestKind.INCOMING_OPERATION: the enum is not exported)
  if ((options.kind as string) !== 'incoming operation' || !query) return null;
  return `${query.replace(/^\s*query\s+\w+/, 'query')}\n${JSON.stringify({ ...variables, representations: undefined })}\n`;
}
