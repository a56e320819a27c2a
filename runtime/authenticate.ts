import { GraphQLError } from 'graphql';
import { createLocalJWKSet, exportJWK, importSPKI, jwtVerify, type JWK, type JWTPayload } from 'jose';
import { readFileSync } from 'node:fs';
import { cleanText } from './cleanText.ts';
import type { IncomingHttpHeaders } from 'node:http';
import type { Caller } from './caller.ts';
import { cacheVerifiedTokens } from './cacheVerifiedTokens.ts';
import type { Env } from './env.ts';
import { badInput, gqlError } from './errors.ts';
import { personalIdProblem } from './personalId.ts';
import { dossierCodeProblem } from './dossierCode.ts';
import { isLegalBasis } from './legalBases.ts';
import { devKeyFile, devTokenIssuer, loadDevKey, tokenAlgorithm, tokenAudience } from './devKey.ts';
import { scopes } from './scopes.ts';

export type TokenVerifier = (token: string) => Promise<JWTPayload>;

/**
 * Verifies client tokens: issuer, audience, expiry and the ES256 algorithm pinned. Production takes
 * JWT_PUBLIC_KEY_FILE (PEM) or JWT_JWKS_FILE and refuses to start without one, or with the
 * development key; development uses the key `npm run token` signs with. A token verified once is
 * remembered until it expires (cacheVerifiedTokens).
 */
export async function createTokenVerifier(env: Env): Promise<TokenVerifier> {
  return cacheVerifiedTokens(await signatureVerifier(env));
}

async function signatureVerifier(env: Env): Promise<TokenVerifier> {
  const options = {
    issuer: env.jwtIssuer ?? devTokenIssuer,
    audience: env.jwtAudience ?? tokenAudience,
    algorithms: [tokenAlgorithm],
    // A token without an expiry would be good forever: refused.
    requiredClaims: ['exp'],
  };
  if (env.jwtJwksFile) {
    const jwks = JSON.parse(readFileSync(env.jwtJwksFile, 'utf8')) as { keys: JWK[] };
    refuseDevKey(env, jwks.keys);
    const keySet = createLocalJWKSet(jwks);
    return async (token) => issuedInThePast((await jwtVerify(token, keySet, options)).payload);
  }
  if (env.jwtPublicKeyFile) {
    const key = await importSPKI(readFileSync(env.jwtPublicKeyFile, 'utf8'), tokenAlgorithm, {
      extractable: true,
    });
    refuseDevKey(env, [await exportJWK(key)]);
    return async (token) => issuedInThePast((await jwtVerify(token, key, options)).payload);
  }
  if (env.mode === 'production')
    throw new Error('Production needs JWT_PUBLIC_KEY_FILE or JWT_JWKS_FILE: the development key is refused');
  const { publicKey } = await loadDevKey(env.dataDir);
  return async (token) => issuedInThePast((await jwtVerify(token, publicKey, options)).payload);
}

/** Clocks drift: a token issued up to a minute ahead of ours is taken, one further ahead is not. */
const issuedAtSkewSeconds = 60;

/**
 * The claims of a token issued in the past. jose checks `iat` only with maxTokenAge, which would also
 * cap how long an issuer may let a token live; a token dated ahead would outlive its stated lifetime.
 */
function issuedInThePast(claims: JWTPayload): JWTPayload {
  if (typeof claims.iat === 'number' && claims.iat > Date.now() / 1000 + issuedAtSkewSeconds)
    throw new Error('"iat" claim timestamp check failed (it should be in the past)');
  return claims;
}

function refuseDevKey(env: Env, keys: JWK[]): void {
  if (env.mode !== 'production') return;
  let dev: JWK | undefined;
  try {
    dev = (JSON.parse(readFileSync(devKeyFile(env.dataDir), 'utf8')) as { publicKey: JWK }).publicKey;
  } catch {
    return; // no development key on this machine
  }
  if (keys.some((k) => k.x === dev?.x && k.y === dev?.y))
    throw new Error('Production refuses the development key: configure the real issuer’s public key');
}

const unauthenticated = (message: string) => gqlError('UNAUTHENTICATED', message, { http: { status: 401 } });
/**
 * Node hands header values over as Latin-1, but clients send Vietnamese purposes as UTF-8 bytes: read
 * the bytes again as UTF-8 when they are valid UTF-8 (plain ASCII is unchanged either way), or
 * percent-decode them when a browser sent them encoded.
 */
export function headerText(value: string): string {
  // Browsers cannot put Vietnamese in a header at all: they may send it percent-encoded instead.
  if (/%[0-9A-Fa-f]{2}/.test(value)) {
    try {
      return decodeURIComponent(value);
    } catch {
      // not percent-encoding after all
    }
  }
  if (/[\u0100-\uffff]/.test(value)) return value; // text already (see readable)
  const bytes = Buffer.from(value, 'latin1');
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? text : value;
}

/**
 * Whether a header's bytes are text we can read: ASCII, valid UTF-8, or percent-encoded UTF-8. (A value
 * with characters beyond Latin-1 did not come over HTTP, where headers are bytes: an in-process caller
 * gave it as text.)
 */
function readable(value: string): boolean {
  if (/[\u0100-\uffff]/.test(value)) return true;
  if (/%[0-9A-Fa-f]{2}/.test(value)) {
    try {
      decodeURIComponent(value);
      return true;
    } catch {
      return false; // percent-encoded bytes that are not UTF-8
    }
  }
  const bytes = Buffer.from(value, 'latin1');
  return !bytes.some((b) => b >= 0x80) || Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes);
}

/**
 * BAD_USER_INPUT for a caller header, answered 400: thrown while the request's context is built,
 * before any plugin can set a status, where Apollo Server would otherwise answer 500 and page an
 * operator for a client's mistake.
 */
const badHeader = (message: string) => badInput(message, undefined, { http: { status: 400 } });

/** A caller header as text: decoded, NFC, trimmed, null when empty; BAD_USER_INPUT (400) when unreadable. */
const header = (headers: IncomingHttpHeaders, name: string, label: string) => {
  const value = headers[name];
  if (typeof value !== 'string') return null;
  if (!readable(value)) throw badHeader(`${label} is not valid UTF-8`);
  try {
    return cleanText(headerText(value), label, { header: true });
  } catch (error) {
    if (error instanceof GraphQLError) throw badHeader(error.message);
    throw error;
  }
};

/**
 * The caller of a gateway request: anonymous without a token, otherwise the verified token's client
 * or citizen, with the X-Purpose and X-Dossier-Code they declare. A bad token is UNAUTHENTICATED (401).
 */
export async function authenticate(
  headers: IncomingHttpHeaders,
  verify: TokenVerifier,
  requestId: string,
): Promise<Caller> {
  const purpose = header(headers, 'x-purpose', 'X-Purpose');
  if (purpose && purpose.length > 300) throw badHeader('X-Purpose may be at most 300 characters');
  const dossierCode = header(headers, 'x-dossier-code', 'X-Dossier-Code');
  if (dossierCode && dossierCodeProblem(dossierCode))
    throw badHeader(`X-Dossier-Code: ${dossierCodeProblem(dossierCode)}`);
  const legalBasis = header(headers, 'x-legal-basis', 'X-Legal-Basis');
  if (legalBasis && !isLegalBasis(legalBasis))
    throw badInput(
      `X-Legal-Basis: '${legalBasis.slice(0, 60)}' is not a legal basis of reference/legal-bases.json`,
      undefined,
      { http: { status: 400 }, reason: 'UNKNOWN_LEGAL_BASIS' },
    );
  const base = { purpose, dossierCode, legalBasis, requestId };

  const authorization = typeof headers.authorization === 'string' ? headers.authorization.trim() : '';
  if (!authorization) return { ...base, role: 'anonymous', subject: null, agency: null, scopes: [] };
  const match = /^Bearer\s+(\S+)$/i.exec(authorization);
  if (!match) throw unauthenticated('Authorization must be "Bearer <token>"');
  let claims: JWTPayload;
  try {
    claims = await verify(match[1] as string);
  } catch (error) {
    throw unauthenticated(`Invalid token: ${(error as Error).message}`);
  }
  const subject = typeof claims.sub === 'string' ? claims.sub : null;
  if (!subject) throw unauthenticated('Invalid token: no subject');
  const granted = typeof claims.scope === 'string' ? claims.scope.split(/\s+/).filter(Boolean) : [];
  const agency = typeof claims.agency === 'string' && claims.agency ? claims.agency : null;
  if (claims.role === 'citizen') {
    if (personalIdProblem(subject))
      throw unauthenticated('Invalid token: a citizen’s subject is a personal ID');
    // A citizen sees their own record, dossiers and access log (the object-level checks use citizen:self)
    // and nothing else: scopes an issuer put in a citizen's token are dropped, or citizen:basic with
    // dossier:read:all would read every applicant through the dossiers' entities.
    return { ...base, role: 'citizen', subject, agency, scopes: [scopes.citizenSelf] };
  }
  if (claims.role !== undefined && claims.role !== 'client')
    throw unauthenticated('Invalid token: unknown role');
  return {
    ...base,
    role: 'client',
    subject,
    agency,
    scopes: granted.filter((s) => s !== scopes.citizenSelf),
  };
}
