import { jwtVerify, SignJWT } from 'jose';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { gqlError } from './errors.ts';
import { readOrCreateShared } from './sharedFile.ts';

/** Who is asking, as the gateway established it and forwards it to every subgraph. */
export interface Caller {
  /** anonymous: no token (public data only); gateway: the gateway's own calls (schema, health). */
  role: 'client' | 'citizen' | 'anonymous' | 'gateway';
  /** The calling system (client id), or the citizen's personal ID. */
  subject: string | null;
  agency: string | null;
  scopes: string[];
  purpose: string | null;
  dossierCode: string | null;
  requestId: string;
}

/** The header that carries the signed caller context from the gateway to the subgraphs. */
export const callerHeader = 'x-caller-context';
const issuer = 'urn:vn-data-sharing-gateway:gateway';
const audience = 'urn:vn-data-sharing-gateway:subgraphs';
/** Short-lived: a captured header is useless a minute later. */
const lifetimeSeconds = 60;

/**
 * The HMAC secret shared by the gateway and the subgraphs: GATEWAY_CONTEXT_SECRET, or in development a
 * random one made once under the data directory (so separately started processes agree).
 */
export async function loadContextSecret(
  configured: string | undefined,
  dataDir: string,
): Promise<Uint8Array> {
  const text =
    configured ??
    (await readOrCreateShared(path.join(dataDir, 'dev-gateway-secret'), async () =>
      randomBytes(32).toString('base64url'),
    ));
  return new TextEncoder().encode(text.trim());
}

export async function signCaller(caller: Caller, secret: Uint8Array): Promise<string> {
  return new SignJWT({ caller })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(`${lifetimeSeconds}s`)
    .sign(secret);
}

/** A 401 error: the request did not come through the gateway (or its context expired). */
const notFromGateway = () =>
  gqlError('UNAUTHENTICATED', 'Subgraphs answer only the gateway: missing or invalid caller context', {
    http: { status: 401 },
  });

/** The caller of a subgraph request, or an UNAUTHENTICATED (401) error when the header is missing or not the gateway's. */
export async function verifyCaller(
  header: string | string[] | undefined,
  secret: Uint8Array,
): Promise<Caller> {
  if (typeof header !== 'string' || header.length === 0) throw notFromGateway();
  try {
    const { payload } = await jwtVerify(header, secret, { issuer, audience, algorithms: ['HS256'] });
    return payload.caller as Caller;
  } catch {
    throw notFromGateway();
  }
}
