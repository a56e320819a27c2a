import { createHttpFetcher } from '../../runtime/createHttpFetcher.ts';
import { gqlError } from '../../runtime/errors.ts';

export interface GraphQLResponse<T> {
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }>;
}

/**
 * How a subgraph asks the rest of the supergraph: through the gateway, on behalf of the client whose
 * request it is serving, with that client's own credentials. The subgraph has none of its own, so it
 * can never read more than the client could, and every read is logged under the client.
 */
export interface SupergraphClient {
  query<T>(
    query: string,
    variables: Record<string, unknown>,
    onBehalfOf: OnBehalfOf,
  ): Promise<GraphQLResponse<T>>;
}

/** The caller headers of a read made on a client's behalf (see onBehalfOf). */
export type OnBehalfOf = Record<string, string>;

/**
 * The headers for a read on behalf of the caller of `request`: its Authorization, X-Legal-Basis and
 * request id unchanged, and its X-Purpose, or when it declared none, the purpose the work itself states (as
 * "Tiếp nhận hồ sơ thủ tục 1.001193").
 */
export function onBehalfOf(
  request: { headers: Record<string, string | string[] | undefined>; requestId: string },
  statedPurpose: string,
): OnBehalfOf {
  const header = (name: string) => {
    const value = request.headers[name];
    return typeof value === 'string' && value.trim() !== '' ? value : undefined;
  };
  const authorization = header('authorization');
  // The caller's legal basis holds for what is read on its behalf (a national client's filing).
  const legalBasis = header('x-legal-basis');
  return {
    ...(authorization ? { authorization } : {}),
    ...(legalBasis ? { 'x-legal-basis': legalBasis } : {}),
    // HTTP header values are bytes: a Vietnamese purpose goes as UTF-8, which the gateway reads back.
    'x-purpose': header('x-purpose') ?? Buffer.from(statedPurpose, 'utf8').toString('latin1'),
    'x-request-id': request.requestId,
  };
}

/**
 * A SupergraphClient over HTTP to the gateway (reads only: each is sent again once after a broken
 * connection). A gateway that does not answer in time is SUBGRAPH_UNAVAILABLE: the caller's mutation
 * then writes nothing.
 */
export function createHttpSupergraphClient(options: {
  url: () => string;
  timeoutMs?: number;
}): SupergraphClient {
  const fetcher = createHttpFetcher({ maxSockets: 32 });
  return {
    async query<T>(query: string, variables: Record<string, unknown>, headers: OnBehalfOf) {
      const send = () =>
        fetcher(options.url(), {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query, variables }),
          signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
        });
      let response: Response;
      try {
        response = await send().catch((error: unknown) => {
          // A read is safe to send again once when its connection broke before an answer (a keep-alive
          // socket the gateway closed as it was reused, as a draining gateway does): not after a timeout.
          const name = (error as Error).name;
          if (name === 'TimeoutError' || name === 'AbortError') throw error;
          return send();
        });
      } catch (error) {
        throw gqlError('SUBGRAPH_UNAVAILABLE', `The supergraph did not answer: ${(error as Error).message}`);
      }
      return (await response.json()) as GraphQLResponse<T>;
    },
  };
}
