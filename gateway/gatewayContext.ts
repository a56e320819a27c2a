import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import type { Caller } from '../runtime/caller.ts';
import { authenticate, type TokenVerifier } from './authenticate.ts';

/** What the gateway knows of a request while it plans and fetches (a type, not an interface, so it is a Record). */
export type GatewayContext = {
  requestId: string;
  caller: Caller;
};

/** The request's context: its id (the client's X-Request-Id when sane) and its authenticated caller. */
export async function gatewayContext(
  headers: http.IncomingHttpHeaders,
  verify: TokenVerifier,
): Promise<GatewayContext> {
  const header = headers['x-request-id'];
  const requestId = typeof header === 'string' && /^[\w.-]{1,100}$/.test(header) ? header : randomUUID();
  return { requestId, caller: await authenticate(headers, verify, requestId) };
}
