import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Who is asking, as established from the client's own credentials: by the gateway at the edge, and
 * again by every subgraph from the same headers, which the router forwards unchanged.
 */
export interface Caller {
  /** anonymous: no token (public data only). */
  role: 'client' | 'citizen' | 'anonymous';
  /** The calling system (client id), or the citizen's personal ID. */
  subject: string | null;
  agency: string | null;
  scopes: string[];
  purpose: string | null;
  dossierCode: string | null;
  /** The legal basis (reference/legal-bases.json) a client without a case reads personal data under (X-Legal-Basis). */
  legalBasis: string | null;
  requestId: string;
}

/**
 * The client's headers that carry who asks and why: a router forwards them to every subgraph exactly
 * as the client sent them, and signs them with the request.
 */
export const callerHeaders = [
  'authorization',
  'x-purpose',
  'x-dossier-code',
  'x-legal-basis',
  'x-case-assertion',
  'x-request-id',
] as const;

/** The request id: the X-Request-Id the client sent when it is sane, otherwise a new one. */
export function requestIdOf(headers: IncomingHttpHeaders): string {
  const header = headers['x-request-id'];
  return typeof header === 'string' && /^[\w.-]{1,100}$/.test(header) ? header : randomUUID();
}
