import {
  ExpiredError,
  httpbis,
  UnacceptableSignatureError,
  type SignatureParameters,
} from 'http-message-signatures';
import { verify, type KeyObject } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { callerHeaders } from './caller.ts';
import { contentDigestProblem } from './contentDigest.ts';
import { createLimitStore, type LimitStore } from './createLimitStore.ts';

export interface IncomingRouterRequest {
  method: string;
  /** The request target as received: path and query. */
  url: string;
  headers: IncomingHttpHeaders;
  /** Whether it came over TLS (its target URI is then https). */
  secure: boolean;
}

export interface RouterRequestVerifierOptions {
  /** Router public keys by keyid. */
  keys: Map<string, KeyObject>;
  /**
   * This subgraph's own origins (scheme, host and port, as routers address it). With `fixedOrigin`
   * (the subgraph's configured URL: a proxy between may rewrite Host), signatures are checked against
   * that origin only; otherwise against the request's Host, which must be one of these.
   */
  origins: ReadonlySet<string>;
  fixedOrigin?: string;
  /** The oldest a signature may be, in seconds, whatever its `expires` says (default 60). */
  maxAgeSeconds?: number;
  /** Clock difference allowed between router and subgraph, in seconds (default 5). */
  toleranceSeconds?: number;
  /**
   * Where nonces are claimed: the limit store, shared by the replicas through Redis when REDIS_URL is
   * set; by default this process's memory (1,000,000 a window: over 10,000 fetches/s).
   */
  nonces?: Pick<LimitStore, 'claimOnce'>;
  /** When this subgraph started (ms): a signature made before it is refused (its nonce may be forgotten). */
  startedAt?: number;
}

/**
 * Checks that a request comes from a router holding one of the configured keys, for this subgraph,
 * with this body and these caller headers, recently, and for the first time (RFC 9421 signature
 * with created, expires and nonce; RFC 9530 Content-Digest). Answers null when it does, otherwise why
 * not, for a 401.
 */
export function createRouterRequestVerifier(options: RouterRequestVerifierOptions) {
  const maxAge = options.maxAgeSeconds ?? 60;
  const tolerance = options.toleranceSeconds ?? 5;
  const nonces = options.nonces ?? createLimitStore();
  // A nonce is held as long as its signature could be accepted.
  const nonceTtlMs = (maxAge + 2 * tolerance) * 1000;
  const startedAt = Math.floor((options.startedAt ?? Date.now()) / 1000);

  return async (request: IncomingRouterRequest, body: Buffer): Promise<string | null> => {
    const headers = request.headers;
    if (!headers['signature-input'] || !headers.signature)
      return 'the request carries no router signature (RFC 9421)';
    const digestProblem = contentDigestProblem(headers['content-digest'] as string | undefined, body);
    if (digestProblem) return digestProblem;
    const origin = options.fixedOrigin ?? `${request.secure ? 'https' : 'http'}://${headers.host ?? ''}`;
    if (!options.fixedOrigin && !options.origins.has(origin))
      return 'the request was not addressed to this subgraph';

    let verified: SignatureParameters | undefined;
    let result: boolean | null;
    try {
      result = await httpbis.verifyMessage(
        {
          keyLookup: async (params) => {
            const key = options.keys.get(String(params.keyid));
            if (!key) return null;
            return {
              id: String(params.keyid),
              algs: ['ed25519'],
              verify: async (data, signature, parameters) => {
                const good = verify(null, data, key, signature);
                if (good) verified = parameters;
                return good;
              },
            };
          },
          requiredFields: [
            '@method',
            '@target-uri',
            'content-digest',
            ...callerHeaders.filter((name) => headers[name] !== undefined),
          ],
          requiredParams: ['created', 'expires', 'nonce', 'keyid'],
          maxAge,
          tolerance,
          notAfter: Math.floor(Date.now() / 1000) + tolerance,
        },
        {
          method: request.method,
          url: `${origin}${request.url}`,
          headers: headers as Record<string, string | string[]>,
        },
      );
    } catch (error) {
      if (error instanceof ExpiredError) return 'the router signature has expired';
      if (error instanceof UnacceptableSignatureError)
        return 'the router signature does not cover the method, target, body digest and caller headers';
      return 'the router signature is malformed';
    }
    if (result === null || (result && !verified))
      return 'the request is signed with a key this subgraph does not know';
    if (!result || !verified) return 'the router signature does not verify';

    // Made before this process started, its nonce may have been seen by the process before (in memory,
    // now gone): refused, as a replay across a restart could not be told from a first use.
    const created =
      verified.created instanceof Date ? verified.created.getTime() / 1000 : Number(verified.created);
    if (created < startedAt - tolerance)
      return 'the router signature was made before this subgraph started: sign the request again';
    const use = await nonces.claimOnce(
      'router-nonce',
      `${String(verified.keyid)} ${String(verified.nonce)}`,
      nonceTtlMs,
    );
    if (use === 'replay') return 'the router signature was used before (replay)';
    if (use === 'unavailable')
      return 'the router signature’s nonce could not be checked: refused rather than risk a replay';
    return null;
  };
}

export type RouterRequestVerifier = ReturnType<typeof createRouterRequestVerifier>;
