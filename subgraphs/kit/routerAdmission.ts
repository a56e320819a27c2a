import type http from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { RouterRequestVerifier } from '../../runtime/verifyRouterRequest.ts';

/**
 * Which requests a subgraph takes: those a router signed for it (RFC 9421, see verifyRouterRequest),
 * or, when the subgraph serves mutual TLS, those on a connection whose client certificate the
 * configured CA issued. Nothing else, however valid the client token it carries: nobody reads a
 * subgraph directly. The client's own credentials are then checked as well (contextFor).
 */
export function routerAdmission(verify: RouterRequestVerifier, options: { mutualTls: boolean }) {
  return async (req: http.IncomingMessage, body: Buffer): Promise<string | null> => {
    const socket = req.socket as Partial<TLSSocket>;
    if (options.mutualTls && socket.encrypted && socket.authorized) return null;
    return verify(
      {
        method: req.method ?? 'POST',
        url: req.url ?? '/',
        headers: req.headers,
        secure: Boolean(socket.encrypted),
      },
      body,
    );
  };
}

export type RouterAdmission = ReturnType<typeof routerAdmission>;

/**
 * The class of a refusal, for a metric label and a log line: a fixed set, whatever the message says
 * (the messages name no client, no header value and no personal data either).
 */
export function refusalReason(message: string): string {
  const classes: Array<[RegExp, string]> = [
    [/carries no router signature/, 'unsigned'],
    [/Content-Digest|body does not match/, 'digest'],
    [/not addressed to this subgraph/, 'wrong_subgraph'],
    [/has expired/, 'expired'],
    [/does not cover/, 'coverage'],
    [/malformed/, 'malformed'],
    [/key this subgraph does not know/, 'unknown_key'],
    [/does not verify/, 'bad_signature'],
    [/before this subgraph started/, 'before_start'],
    [/used before \(replay\)/, 'replay'],
    [/could not be checked/, 'nonce_unchecked'],
  ];
  return classes.find(([pattern]) => pattern.test(message))?.[1] ?? 'other';
}
