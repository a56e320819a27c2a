import { renderGraphiQL } from '@graphql-yoga/render-graphiql';

const defaultQuery = `# The offline explorer: GraphiQL served from the gateway itself, no internet needed.
# Headers (below) carry a development token and a purpose; edit them for your client.
query Worklist {
  dossiers(first: 5) {
    totalCount
    nodes {
      code
      status
      procedure { name }
      applicant { ... on Citizen { fullName } ... on Business { name } }
    }
  }
}
`;

/**
 * The offline explorer page: GraphiQL rendered with its scripts, styles and editor workers inline
 * (@graphql-yoga/render-graphiql), so it works on a government network cut off from the internet.
 */
export function renderExplorer(headers: Record<string, string>): string {
  return renderGraphiQL({
    title: 'Cổng chia sẻ dữ liệu — GraphQL explorer (offline)',
    endpoint: '/graphql',
    defaultQuery,
    headers: JSON.stringify(headers, null, 2),
    shouldPersistHeaders: false,
  });
}
