import type http from 'node:http';
import { callerHeaders, requestIdOf, type Caller } from '../runtime/caller.ts';
import { authenticate, type TokenVerifier } from '../runtime/authenticate.ts';

/** What the gateway knows of a request while it plans and fetches (a type, not an interface, so it is a Record). */
export type GatewayContext = {
  requestId: string;
  caller: Caller;
  /** The caller's IP address (see clientAddress): what limits callers without a token. */
  address: string;
  /** The client's caller headers as it sent them, forwarded unchanged to every subgraph. */
  forward: Record<string, string>;
};

/** The request's context: its id (the client's X-Request-Id when sane), its address and its authenticated caller. */
export async function gatewayContext(
  headers: http.IncomingHttpHeaders,
  verify: TokenVerifier,
  /** The caller's address (clientAddress); in-process callers have none. */
  address = 'in-process',
): Promise<GatewayContext> {
  const requestId = requestIdOf(headers);
  const forward: Record<string, string> = {};
  for (const name of callerHeaders) {
    const value = headers[name];
    if (typeof value === 'string') forward[name] = value;
  }
  // The subgraphs must see the same request id: the one chosen here when the client's was missing or odd.
  forward['x-request-id'] = requestId;
  return {
    requestId,
    caller: await authenticate(headers, verify, requestId),
    address,
    forward,
  };
}
