import { context as otelContext, propagation } from '@opentelemetry/api';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLRequest, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { Kind, parse } from 'graphql';
import type { RouterRequestSigner } from '../runtime/signRouterRequest.ts';
import type { GatewayContext } from './gatewayContext.ts';
import { createHttpFetcher } from '../runtime/createHttpFetcher.ts';
import { cachePublicFetches, type PublicCacheOptions } from './cachePublicFetches.ts';
import { mergeEntityFetches } from './mergeEntityFetches.ts';
import { isMutation, isMutationBody } from './isMutation.ts';

type Fetcher = RemoteGraphQLDataSource['fetcher'];
type FetchInit = { method?: string; headers?: Record<string, string>; body?: string };

/**
 * A subgraph answers a request it rejects (bad argument, failed validation) with HTTP 400 and a
 * GraphQL body, and withheld personal data (AUDIT_UNAVAILABLE) with 503 and one. Stock
 * RemoteGraphQLDataSource turns any non-2xx into an opaque INTERNAL_SERVER_ERROR; here such a body
 * passes through as a GraphQL response, so the client sees the subgraph's own error code and message.
 * A non-2xx without a GraphQL body stays an HTTP failure (a proxy's 502, say).
 */
function passGraphQLErrors(inner: Fetcher): Fetcher {
  return async (url, init) => {
    const response = await inner(url, init);
    if (response.ok || !(response.headers.get('content-type') ?? '').includes('json')) return response;
    const text = await response.text();
    const body = parseBody(text);
    // A draining subgraph took no part of the request (createHttpServer's SHUTTING_DOWN): safe to send
    // again, even a mutation; and the client is told the subgraph is unavailable, not that we stop.
    if (response.status === 503 && body?.errors?.[0]?.extensions?.code === 'SHUTTING_DOWN')
      throw new SubgraphShuttingDown();
    if (Array.isArray(body?.errors))
      return new Response(text, { status: 200, headers: { 'content-type': 'application/json' } });
    return new Response(text, {
      status: response.status,
      headers: { 'content-type': 'text/plain' },
    });
  };
}

/** A subgraph answered 503 SHUTTING_DOWN: it is draining and ran nothing of the request. */
class SubgraphShuttingDown extends Error {
  constructor() {
    super('the subgraph is shutting down');
  }
}

/** A failed response's body as GraphQL errors, or null when it is not JSON after all. */
function parseBody(text: string): { errors?: Array<{ extensions?: { code?: string } }> } | null {
  try {
    const body: unknown = JSON.parse(text);
    return typeof body === 'object' ? (body as { errors?: Array<{ extensions?: { code?: string } }> }) : null;
  } catch {
    return null;
  }
}

/** Why a fetch failed such that the subgraph counts as unavailable, or null for any other failure. */
function unavailability(error: unknown): 'timeout' | 'connection' | 'shutdown' | 'http' | null {
  const e = error as {
    name?: string;
    code?: string;
    type?: string;
    extensions?: { response?: { status?: number } };
  };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.type === 'aborted') return 'timeout';
  if (error instanceof SubgraphShuttingDown) return 'shutdown';
  if (
    e?.code &&
    /^(ECONNREFUSED|ECONNRESET|EPIPE|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ECONNABORTED)$/.test(e.code)
  )
    return 'connection';
  const status = e?.extensions?.response?.status;
  if (status === 502 || status === 503 || status === 504) return 'http';
  return null;
}

const reasons = {
  timeout: (ms: number) => `did not answer within ${ms} ms`,
  connection: () => 'could not be reached',
  shutdown: () => 'is shutting down',
  http: () => 'is not serving',
};

/**
 * What the gateway gets instead of a subgraph's answer when the subgraph is down or slow: no data and
 * one SUBGRAPH_UNAVAILABLE error per place it would have filled (each entity of an `_entities` fetch,
 * each root field otherwise). The gateway maps those paths into the client's response, so the error
 * names exactly the fields that are missing and everything else is answered.
 */
function unavailableResponse(
  service: string,
  request: GatewayGraphQLRequest,
  message: string,
): GatewayGraphQLResponse {
  const representations = (request.variables?.representations as unknown[] | undefined) ?? null;
  let paths: Array<Array<string | number>>;
  if (representations) paths = representations.map((_, i) => ['_entities', i]);
  else {
    const operation = parse(request.query ?? '').definitions.find(
      (d) => d.kind === Kind.OPERATION_DEFINITION,
    );
    paths = (operation?.selectionSet.selections ?? []).flatMap((field) =>
      field.kind === Kind.FIELD ? [[field.alias?.value ?? field.name.value]] : [],
    );
  }
  if (!paths.length) paths = [[]];
  return {
    data: null,
    errors: paths.map((path) => ({
      message: `The ${service} subgraph ${message}; this part of the answer is missing.`,
      ...(path.length ? { path } : {}),
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: service },
    })),
  };
}

export interface SubgraphDataSourceConfig {
  name: string;
  url: string;
  /** Signs each fetch for the subgraph (RFC 9421): method, target, body digest, caller headers, nonce. */
  sign: RouterRequestSigner;
  /** The HTTP client (shared by every subgraph of the process; with mutual TLS, its client certificate). */
  fetcher: ReturnType<typeof createHttpFetcher>;
  /** Milliseconds before a query's fetch is abandoned as SUBGRAPH_UNAVAILABLE. */
  timeoutMs: number;
  /** The same for a mutation's fetch. */
  mutationTimeoutMs: number;
  /** For a public subgraph: reuse its answers across requests (see cachePublicFetches). */
  publicCache?: PublicCacheOptions;
  onFetch?: (seconds: number) => void;
  /** Called for each fetch given up as unavailable, and for each retry. */
  onFault?: (kind: 'unavailable' | 'retry', reason: string) => void;
}

/**
 * The gateway's HTTP client to one subgraph: forwards the client's own Authorization, X-Purpose,
 * X-Dossier-Code and request id unchanged (the subgraph decides on them itself), signs every fetch so
 * the subgraph knows it comes from this router, for it, once, and keeps subgraph error codes.
 * A subgraph that is down or slower than the timeout becomes SUBGRAPH_UNAVAILABLE on the fields it
 * would have answered, never a failed request; a query is retried once after a connection error (it
 * reads only), a mutation never (it may have been applied).
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly config: SubgraphDataSourceConfig;
  /** Same-moment entity fetches of one request, sent as one (see mergeEntityFetches), then the cache. */
  private readonly merged: ReturnType<typeof mergeEntityFetches>;

  constructor(config: SubgraphDataSourceConfig) {
    super({ url: config.url, fetcher: config.fetcher as unknown as Fetcher });
    this.config = config;
    const send = (options: GraphQLDataSourceProcessOptions<Record<string, unknown>>) =>
      this.send(options as GraphQLDataSourceProcessOptions<GatewayContext>);
    this.merged = mergeEntityFetches(
      config.publicCache ? cachePublicFetches(send, config.publicCache) : send,
    );
    const inner = passGraphQLErrors(this.fetcher);
    this.fetcher = async (url, init) => {
      const started = process.hrtime.bigint();
      try {
        // The body is the fetch's JSON with the query first: a mutation waits longer, because giving
        // up on one leaves the client not knowing whether it was applied.
        const mutation = isMutationBody(init?.body);
        const timeout = mutation ? config.mutationTimeoutMs : config.timeoutMs;
        const request = init as FetchInit;
        // Signed here, where the body is final: each attempt (a retry too) has its own nonce.
        const headers = await config.sign({
          method: request.method ?? 'POST',
          url,
          headers: request.headers ?? {},
          body: request.body ?? '',
        });
        return await inner(url, { ...init, headers, signal: AbortSignal.timeout(timeout) });
      } finally {
        config.onFetch?.(Number(process.hrtime.bigint() - started) / 1e9);
      }
    };
  }

  override process(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): Promise<GatewayGraphQLResponse> {
    return this.merged(options);
  }

  private async send(
    options: GraphQLDataSourceProcessOptions<GatewayContext>,
  ): Promise<GatewayGraphQLResponse> {
    const mutation = isMutation(options.request.query ?? '');
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await super.process(options);
      } catch (error) {
        const reason = unavailability(error);
        if (!reason) throw error;
        // After a dropped connection a query is sent again, a mutation never (it may have been
        // applied); a subgraph that answered SHUTTING_DOWN applied nothing, so both are.
        if (((reason === 'connection' && !mutation) || reason === 'shutdown') && attempt === 1) {
          this.config.onFault?.('retry', reason);
          continue;
        }
        this.config.onFault?.('unavailable', reason);
        return unavailableResponse(
          this.config.name,
          options.request,
          reasons[reason](mutation ? this.config.mutationTimeoutMs : this.config.timeoutMs),
        );
      }
    }
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>) {
    // The client's own credentials and purpose, exactly as sent: the subgraph verifies them itself.
    for (const [name, value] of Object.entries(context?.forward ?? {}) as Array<[string, string]>)
      request.http?.headers.set(name, value);
    // The trace goes on into the subgraph (W3C traceparent; nothing when tracing is off).
    propagation.inject(otelContext.active(), request.http?.headers, {
      set: (headers, key, value) => headers?.set(key, value),
    });
  }
}
