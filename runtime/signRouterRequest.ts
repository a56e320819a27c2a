import { httpbis } from 'http-message-signatures';
import { randomBytes, sign } from 'node:crypto';
import { callerHeaders } from './caller.ts';
import { contentDigest } from './contentDigest.ts';
import type { RouterSigningKey } from './routerKeys.ts';

/** How long a router signature is good for: long enough for one fetch, too short to be worth stealing. */
export const signatureLifetimeSeconds = 10;

export interface OutgoingRequest {
  method: string;
  url: string;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** The bytes sent (a GraphQL request's JSON, or a scan passed through). */
  body: string | Buffer;
}

/**
 * Signs a router→subgraph request per HTTP Message Signatures (RFC 9421) with Ed25519. The signature
 * covers the method, the target URI (a signature made for procedures is worthless at population), the
 * body through its Content-Digest (RFC 9530), the client's own caller headers (authorization,
 * x-purpose, x-dossier-code, x-legal-basis, x-case-assertion, x-request-id), a created time, a short expiry and a nonce the subgraph
 * refuses to see twice. Answers the headers to send: the given ones plus content-digest,
 * signature-input and signature.
 */
export function createRouterRequestSigner(key: RouterSigningKey) {
  const signingKey = {
    id: key.keyid,
    alg: 'ed25519',
    sign: async (data: Buffer) => sign(null, data, key.privateKey),
  };
  return async (request: OutgoingRequest): Promise<Record<string, string>> => {
    const headers: Record<string, string> = {
      ...request.headers,
      'content-digest': contentDigest(request.body),
    };
    const created = new Date();
    const signed = await httpbis.signMessage(
      {
        key: signingKey,
        name: 'router',
        fields: [
          '@method',
          '@target-uri',
          'content-digest',
          ...callerHeaders.filter((name) => headers[name] !== undefined),
        ],
        params: ['created', 'expires', 'nonce', 'keyid', 'alg'],
        paramValues: {
          created,
          expires: new Date(created.getTime() + signatureLifetimeSeconds * 1000),
          nonce: randomBytes(16).toString('base64url'),
        },
      },
      { method: request.method, url: request.url, headers },
    );
    return Object.fromEntries(
      Object.entries(signed.headers).map(([name, value]) => [name.toLowerCase(), String(value)]),
    );
  };
}

export type RouterRequestSigner = ReturnType<typeof createRouterRequestSigner>;
