/** The subgraphs, in the order the gateway, the tests and `npm start` list them. */
export const subgraphNames = ['population', 'business', 'procedures', 'dossiers', 'documents'] as const;
export type SubgraphName = (typeof subgraphNames)[number];
