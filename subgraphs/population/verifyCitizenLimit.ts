import type { LimitStore } from '../../runtime/createLimitStore.ts';
import { rateLimited } from '../../runtime/errors.ts';

/** How many verifyCitizen answers one client gets a minute, across every population replica sharing the store. */
export const verifyCitizenPerMinute = 60;

/**
 * Counts one verifyCitizen call against the client's minute; RATE_LIMITED (HTTP 429) past the limit.
 * A yes/no per field is still an answer about a person: guessing a birth date one call at a time
 * must run into this, and into the access log, long before it succeeds.
 */
export async function countVerifyCitizen(store: LimitStore, clientId: string): Promise<void> {
  const admission = await store.consume('verifyCitizen', clientId, 1, verifyCitizenPerMinute, 60);
  if (!admission.allowed)
    throw rateLimited(
      `verifyCitizen answers at most ${verifyCitizenPerMinute} calls a minute per client`,
      admission.retryAfterSeconds,
      { limit: 'verifyCitizen' },
    );
}
