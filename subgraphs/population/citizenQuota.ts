import type { Caller } from '../../runtime/caller.ts';
import type { ClientLimits } from '../../runtime/clientLimits.ts';
import type { Admission, LimitStore } from '../../runtime/createLimitStore.ts';
import { vietnamDate, vietnamOffsetMs } from '../../runtime/vietnamTime.ts';

export interface CitizenQuota {
  /**
   * Whether the caller may read these citizens now: each distinct citizen a client reads in a
   * Vietnam calendar day counts once against its `citizensPerDay`; a citizen's own record never counts.
   */
  admit(caller: Caller, personalIds: readonly string[]): Promise<Admission>;
  /** The caller's daily figure, for the refusal's message. */
  limitOf(caller: Caller): number;
}

/** Seconds until the next midnight in Vietnam (when every client's day starts again). */
function secondsToVietnamMidnight(now = Date.now()): number {
  const dayMs = 86_400_000;
  const local = now + vietnamOffsetMs;
  return Math.max(1, Math.ceil((dayMs - (local % dayMs)) / 1000));
}

/**
 * The bulk-scraping guard: a client that reads more distinct citizens in a day than its quota is
 * refused the rest of the day, however it spreads them over requests, and whichever population
 * replica it reaches when the store is Redis.
 */
export function createCitizenQuota(limits: ClientLimits, store: LimitStore): CitizenQuota {
  const limitOf = (caller: Caller) => limits.of(caller, '').citizensPerDay;
  return {
    limitOf,
    async admit(caller, personalIds) {
      const others = personalIds.filter((id) => id !== caller.subject);
      if (others.length === 0 || !caller.subject) return { allowed: true };
      return store.admitDistinct(
        'citizens',
        `${caller.role}:${caller.subject}:${vietnamDate()}`,
        others,
        limitOf(caller),
        secondsToVietnamMidnight(),
      );
    },
  };
}
