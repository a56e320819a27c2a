import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayContext } from './createGatewayServer.ts';

type Fetcher = RemoteGraphQLDataSource['fetcher'];

/**
 * A subgraph answers a request it rejects (bad argument, failed validation) with HTTP 400 and a
 * GraphQL body. Stock RemoteGraphQLDataSource turns any non-2xx into an opaque INTERNAL_SERVER_ERROR;
 * here such a body passes through as a GraphQL response, so the client sees the subgraph's own
 * error code (BAD_USER_INPUT, ...) and message.
 */
function passGraphQLErrors(inner: Fetcher): Fetcher {
  return async (url, init) => {
    const response = await inner(url, init);
    if (response.status !== 400 || !(response.headers.get('content-type') ?? '').includes('json'))
      return response;
    const text = await response.text();
    try {
      const body: unknown = JSON.parse(text);
      if (typeof body === 'object' && body !== null && Array.isArray((body as { errors?: unknown }).errors)) {
        return new Response(text, { status: 200, headers: { 'content-type': 'application/json' } }) as never;
      }
    } catch {
      // not JSON after all: fall through with the original status
    }
    return new Response(text, {
      status: response.status,
      headers: { 'content-type': 'text/plain' },
    }) as never;
  };
}

/**
 * The gateway's HTTP client to one subgraph: carries the request id so that one request can be
 * followed through every subgraph's log, and keeps subgraph error codes.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(config: { url: string }) {
    super(config);
    this.fetcher = passGraphQLErrors(this.fetcher);
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    if (context?.requestId) request.http?.headers.set('x-request-id', context.requestId);
  }
}
