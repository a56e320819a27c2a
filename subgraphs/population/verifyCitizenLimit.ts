import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimited } from '../../runtime/errors.ts';

/** How many verifyCitizen answers one client gets a minute, per population process. */
export const verifyCitizenPerMinute = 60;

const limiter = new RateLimiterMemory({ points: verifyCitizenPerMinute, duration: 60 });

/**
 * Counts one verifyCitizen call against the client's minute; RATE_LIMITED (HTTP 429) past the limit.
 * A yes/no per field is still an answer about a person: guessing a birth date one call at a time
 * must run into this, and into the access log, long before it succeeds.
 */
export async function countVerifyCitizen(clientId: string): Promise<void> {
  try {
    await limiter.consume(clientId);
  } catch (rejection) {
    if (!(rejection instanceof RateLimiterRes)) throw rejection;
    throw rateLimited(
      `verifyCitizen answers at most ${verifyCitizenPerMinute} calls a minute per client`,
      Math.ceil(rejection.msBeforeNext / 1000),
    );
  }
}
