import type { JWTPayload } from 'jose';
import { LRUCache } from 'lru-cache';

type Verify = (token: string) => Promise<JWTPayload>;

export interface VerifiedTokenCacheOptions {
  /** At most this many tokens are remembered (default 10,000). */
  max?: number;
  /** At most this long, in milliseconds, even when the token lives longer (default 5 minutes). */
  maxAgeMs?: number;
  /** The clock entries expire by (milliseconds; tests move it by hand). */
  clock?: { now(): number };
}

/**
 * Remembers tokens that passed verification until they expire: an integration platform sends the same
 * token with every request for the token's lifetime, and checking its ES256 signature again each time
 * was the largest single cost of a citizen lookup in the gateway. The key is the whole token, signature
 * included, so only a token that was verified is found. A token without `exp` and every failure are
 * verified again each time.
 */
export function cacheVerifiedTokens(verify: Verify, options: VerifiedTokenCacheOptions = {}): Verify {
  const maxAgeMs = options.maxAgeMs ?? 300_000;
  const verified = new LRUCache<string, JWTPayload>({
    max: options.max ?? 10_000,
    ...(options.clock ? { perf: options.clock, ttlResolution: 0 } : {}),
  });
  return async (token) => {
    const known = verified.get(token);
    if (known) return known;
    const payload = await verify(token);
    const lifetimeMs = typeof payload.exp === 'number' ? payload.exp * 1000 - Date.now() : 0;
    const ttl = Math.min(lifetimeMs, maxAgeMs);
    if (ttl > 0) verified.set(token, payload, { ttl });
    return payload;
  };
}
