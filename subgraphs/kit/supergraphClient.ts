import { gqlError } from '../../runtime/errors.ts';

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

/** How a subgraph asks the rest of the supergraph: through the gateway, as a client of its own. */
export interface SupergraphClient {
  query<T>(
    query: string,
    variables: Record<string, unknown>,
    headers?: Record<string, string>,
  ): Promise<GraphQLResponse<T>>;
}

/**
 * A SupergraphClient over HTTP to the gateway with the service's own bearer token. A gateway that does
 * not answer in time is SUBGRAPH_UNAVAILABLE: the caller's mutation then writes nothing.
 */
export function createHttpSupergraphClient(options: {
  url: () => string;
  token: () => Promise<string>;
  timeoutMs?: number;
}): SupergraphClient {
  return {
    async query(query, variables, headers = {}) {
      let response: Response;
      try {
        response = await fetch(options.url(), {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${await options.token()}`,
            // HTTP header values are bytes: send UTF-8 (a Vietnamese X-Purpose) as such; the gateway reads it back.
            ...Object.fromEntries(
              Object.entries(headers).map(([name, value]) => [
                name,
                Buffer.from(value, 'utf8').toString('latin1'),
              ]),
            ),
          },
          body: JSON.stringify({ query, variables }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
        });
      } catch (error) {
        throw gqlError('SUBGRAPH_UNAVAILABLE', `The supergraph did not answer: ${(error as Error).message}`);
      }
      return await response.json();
    },
  };
}
