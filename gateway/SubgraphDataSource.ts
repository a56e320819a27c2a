import { context as otelContext, propagation } from '@opentelemetry/api';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { callerHeader } from '../subgraphs/kit/caller.ts';
import type { GatewayContext } from './createGatewayServer.ts';
import { signedCallerFor } from './signedCallerFor.ts';

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
 * The gateway's HTTP client to one subgraph: signs the caller context every subgraph requires, carries
 * the request id so that one request can be followed through every log, and keeps subgraph error codes.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly contextSecret: Uint8Array;

  constructor(config: { url: string; contextSecret: Uint8Array; onFetch?: (seconds: number) => void }) {
    super({ url: config.url });
    this.contextSecret = config.contextSecret;
    const inner = passGraphQLErrors(this.fetcher);
    this.fetcher = async (url, init) => {
      const started = process.hrtime.bigint();
      try {
        return await inner(url, init);
      } finally {
        config.onFetch?.(Number(process.hrtime.bigint() - started) / 1e9);
      }
    };
  }

  override async willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    if (context?.requestId) request.http?.headers.set('x-request-id', context.requestId);
    // The trace goes on into the subgraph (W3C traceparent; nothing when tracing is off).
    propagation.inject(otelContext.active(), request.http?.headers, {
      set: (headers, key, value) => headers?.set(key, value),
    });
    request.http?.headers.set(
      callerHeader,
      await signedCallerFor(context as GatewayContext | undefined, this.contextSecret),
    );
  }
}
