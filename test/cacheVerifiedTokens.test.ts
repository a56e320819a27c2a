import type { JWTPayload } from 'jose';
import { describe, expect, it } from 'vitest';
import { cacheVerifiedTokens } from '../runtime/cacheVerifiedTokens.ts';

/** A verifier that accepts tokens named "good-<seconds to live>" and counts its calls. */
function countingVerifier() {
  const calls: string[] = [];
  const verify = async (token: string): Promise<JWTPayload> => {
    calls.push(token);
    const match = /^good-(-?\d+|none)$/.exec(token);
    if (!match) throw new Error('signature verification failed');
    return match[1] === 'none'
      ? { sub: token }
      : { sub: token, exp: Math.floor(Date.now() / 1000) + Number(match[1]) };
  };
  return { calls, verify };
}

describe('cacheVerifiedTokens', () => {
  it('verifies a token once and answers from memory until the token expires', async () => {
    const inner = countingVerifier();
    // (not 0: lru-cache reads a start time of 0 as "no expiry")
    const clock = { ms: 1_000, now: () => clock.ms };
    const verify = cacheVerifiedTokens(inner.verify, { clock });
    const token = 'good-120';
    expect((await verify(token)).sub).toBe(token);
    expect((await verify(token)).sub).toBe(token);
    expect(inner.calls).toEqual([token]);
    clock.ms += 119_000;
    await verify(token);
    expect(inner.calls).toHaveLength(1);
    clock.ms += 2_000; // past exp: checked again (and refused by the real verifier)
    await verify(token);
    expect(inner.calls).toHaveLength(2);
  });

  it('keeps a long-lived token at most maxAgeMs, and never one without exp or one that failed', async () => {
    const inner = countingVerifier();
    const clock = { ms: 1_000, now: () => clock.ms };
    const verify = cacheVerifiedTokens(inner.verify, { clock, maxAgeMs: 60_000 });
    await verify('good-86400');
    clock.ms += 61_000;
    await verify('good-86400');
    expect(inner.calls).toEqual(['good-86400', 'good-86400']);
    await verify('good-none');
    await verify('good-none');
    await expect(verify('forged')).rejects.toThrow(/signature/);
    await expect(verify('forged')).rejects.toThrow(/signature/);
    expect(inner.calls.filter((t) => t === 'good-none' || t === 'forged')).toHaveLength(4);
  });
});
