import { signCaller, type Caller } from '../runtime/caller.ts';
import type { GatewayContext } from './gatewayContext.ts';

const gatewayCaller: Caller = {
  role: 'gateway',
  subject: 'gateway',
  agency: null,
  scopes: [],
  purpose: null,
  dossierCode: null,
  requestId: 'gateway',
};
const signed = new WeakMap<object, Promise<string>>();

/**
 * The caller-context header value for a subgraph fetch: the request's caller, signed once per request
 * however many fetches it makes; the gateway itself for schema loading and health checks.
 */
export function signedCallerFor(context: GatewayContext | undefined, secret: Uint8Array): Promise<string> {
  if (!context?.caller) return signCaller(gatewayCaller, secret);
  let header = signed.get(context);
  if (!header) signed.set(context, (header = signCaller(context.caller, secret)));
  return header;
}
