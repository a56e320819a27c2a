import { Redis } from 'ioredis';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { Logger } from './logger.ts';

/** Whether something was allowed, and if not, how long until it may be asked again. */
export type Admission = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Counters of what clients asked, in fixed windows: in memory (one process), or in Redis, so that
 * every gateway replica counts against the same figure. Redis being slow or down is not an outage:
 * each process then counts in its own memory until it answers again (so a client may get up to
 * one limit per replica meanwhile), no request waits on Redis more than `commandTimeoutMs`, and
 * `fallbacks` counts the requests counted so.
 */
export interface LimitStore {
  /** Takes `points` from `key`'s budget of `limit` per `windowSeconds`; refused (and nothing taken) past it. */
  consume(
    name: string,
    key: string,
    points: number,
    limit: number,
    windowSeconds: number,
  ): Promise<Admission>;
  /**
   * Adds `members` to `key`'s set for the window, unless that would make it hold more than `limit`
   * distinct members: then nothing is added and it is refused. Members already in the set are free.
   */
  admitDistinct(
    name: string,
    key: string,
    members: readonly string[],
    limit: number,
    windowSeconds: number,
  ): Promise<Admission>;
  /**
   * Claims `key` for `ttlMs`: 'first' the first time, 'replay' while it is held. 'unavailable' when
   * the claim cannot be checked (Redis configured but failing; memory full): the caller refuses then.
   * Never counted in memory as a fallback, or a replay to another replica would pass.
   */
  claimOnce(name: string, key: string, ttlMs: number): Promise<'first' | 'replay' | 'unavailable'>;
  /** Where the counts are kept: 'memory' or 'redis'. */
  readonly kind: 'memory' | 'redis';
  /** Requests counted in this process's memory although Redis is configured (it failed, was slow, or is down). */
  readonly fallbacks: number;
  close(): Promise<void>;
}

export interface LimitStoreOptions {
  redisUrl?: string;
  logger?: Logger;
  /** How long a Redis command may take before this process counts in memory instead (default 1000). */
  commandTimeoutMs?: number;
  /** A prefix for every key (several deployments on one Redis). */
  prefix?: string;
  /** Claims held at once in memory (without Redis); past it claims are 'unavailable' (default 1,000,000). */
  maxClaims?: number;
}

const refused = (ms: number): Admission => ({
  allowed: false,
  retryAfterSeconds: Math.max(1, Math.ceil(ms / 1000)),
});

/** The distinct-members window, atomic in Redis: count the new members, refuse past the limit, else add them all. */
const admitDistinctScript = `
local fresh = 0
for i = 3, #ARGV do
  if redis.call('sismember', KEYS[1], ARGV[i]) == 0 then fresh = fresh + 1 end
end
local size = redis.call('scard', KEYS[1])
if fresh > 0 and size + fresh > tonumber(ARGV[1]) then
  local ttl = redis.call('pttl', KEYS[1])
  if ttl < 0 then ttl = tonumber(ARGV[2]) * 1000 end
  return {0, ttl}
end
if fresh > 0 then
  redis.call('sadd', KEYS[1], unpack(ARGV, 3))
  if size == 0 then redis.call('expire', KEYS[1], ARGV[2]) end
end
return {1, 0}
`;

/** One process's distinct-members windows. */
function memoryDistinct() {
  const windows = new Map<string, { until: number; members: Set<string> }>();
  return (key: string, members: readonly string[], limit: number, windowSeconds: number): Admission => {
    const now = Date.now();
    let window = windows.get(key);
    if (!window || window.until <= now) {
      window = { until: now + windowSeconds * 1000, members: new Set() };
      windows.set(key, window);
      // Expired windows go when a new one is opened: memory stays bounded by active clients.
      for (const [k, w] of windows) if (w.until <= now) windows.delete(k);
    }
    const fresh = new Set(members.filter((m) => !window.members.has(m)));
    if (fresh.size > 0 && window.members.size + fresh.size > limit) return refused(window.until - now);
    for (const m of fresh) window.members.add(m);
    return { allowed: true };
  };
}

export function createLimitStore(options: LimitStoreOptions = {}): LimitStore {
  const prefix = options.prefix ?? 'vngw';
  const redis = options.redisUrl
    ? new Redis(options.redisUrl, {
        // A command is never queued while disconnected (it fails at once and memory counts instead),
        // never retried, and never waits longer than the timeout on a Redis that stopped answering.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 0,
        commandTimeout: options.commandTimeoutMs ?? 1000,
        connectTimeout: 2000,
        retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
        lazyConnect: false,
      })
    : undefined;
  let lastWarning = 0;
  redis?.on('error', (error: Error) => {
    // ioredis reports every failed reconnect: say so once in a while, not on every attempt.
    if (Date.now() - lastWarning < 30_000) return;
    lastWarning = Date.now();
    options.logger?.warn(
      { err: { message: error.message } },
      'Redis unreachable: rate limits are counted per process until it answers',
    );
  });
  // One limiter per limit and window (each client's figure may differ), in Redis and in memory.
  const limiters = new Map<string, { shared?: RateLimiterAbstract; local: RateLimiterAbstract }>();
  const limiterFor = (name: string, limit: number, windowSeconds: number) => {
    const id = `${name}:${limit}:${windowSeconds}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      const settings = { points: limit, duration: windowSeconds, keyPrefix: `${prefix}:${name}` };
      limiter = {
        local: new RateLimiterMemory(settings),
        shared: redis
          ? new RateLimiterRedis({ ...settings, storeClient: redis, rejectIfRedisNotReady: true })
          : undefined,
      };
      limiters.set(id, limiter);
    }
    return limiter;
  };
  let fallbacks = 0;
  // After a failure, Redis is left alone for a moment: a hung Redis costs the requests that found
  // it hung one timeout each, not every request one timeout.
  let redisAfter = 0;
  const useRedis = () => redis !== undefined && redis.status === 'ready' && Date.now() >= redisAfter;
  const fellBack = (error: unknown) => {
    redisAfter = Date.now() + 2000;
    if (Date.now() - lastWarning < 30_000) return;
    lastWarning = Date.now();
    options.logger?.warn(
      { err: { message: (error as Error)?.message } },
      'Redis failed or was slow: rate limits are counted per process meanwhile',
    );
  };
  const consumeWith = async (
    limiter: RateLimiterAbstract,
    key: string,
    points: number,
  ): Promise<Admission> => {
    try {
      await limiter.consume(key, points);
      return { allowed: true };
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      // Refused points are given back: a client over its budget does not dig itself deeper by retrying.
      void limiter.reward(key, points).catch(() => undefined);
      return refused(rejection.msBeforeNext);
    }
  };
  const distinctInMemory = memoryDistinct();
  const claimsInMemory = memoryClaims(options.maxClaims ?? 1_000_000);
  // Claims have no memory fallback, so a claim that times out refuses a request: their own connection
  // waits longer than the counters' (event-loop lag on a loaded machine outlasts a 1 s timer).
  const claimRedis = redis?.duplicate({ commandTimeout: Math.max(5000, options.commandTimeoutMs ?? 1000) });
  claimRedis?.on('error', () => undefined); // reported through the counters' connection
  return {
    async claimOnce(name, key, ttlMs) {
      if (!claimRedis) return claimsInMemory(`${name}:${key}`, ttlMs);
      // Still connecting (a process just started, or reconnecting): wait a moment rather than refuse.
      if (claimRedis.status !== 'ready' && !(await readyWithin(claimRedis, 2000))) return 'unavailable';
      try {
        const set = await claimRedis.set(`${prefix}:${name}:${key}`, '1', 'PX', ttlMs, 'NX');
        return set === 'OK' ? 'first' : 'replay';
      } catch {
        return 'unavailable';
      }
    },
    kind: redis ? 'redis' : 'memory',
    get fallbacks() {
      return fallbacks;
    },
    async consume(name, key, points, limit, windowSeconds) {
      if (points > limit) return refused(windowSeconds * 1000);
      const limiter = limiterFor(name, limit, windowSeconds);
      if (limiter.shared && useRedis())
        try {
          return await consumeWith(limiter.shared, key, points);
        } catch (error) {
          fellBack(error);
        }
      if (redis) fallbacks += 1;
      return consumeWith(limiter.local, key, points);
    },
    async admitDistinct(name, key, members, limit, windowSeconds) {
      const fullKey = `${prefix}:${name}:${key}`;
      if (redis && useRedis()) {
        try {
          const [ok, ttl] = (await redis.eval(
            admitDistinctScript,
            1,
            fullKey,
            String(limit),
            String(windowSeconds),
            ...members,
          )) as [number, number];
          return ok === 1 ? { allowed: true } : refused(ttl);
        } catch (error) {
          fellBack(error); // Redis failed or timed out: this process counts on its own meanwhile.
        }
      }
      if (redis) fallbacks += 1;
      return distinctInMemory(fullKey, members, limit, windowSeconds);
    },
    async close() {
      redis?.disconnect();
      claimRedis?.disconnect();
    },
  };
}

/**
 * Claims in this process's memory, in two generations of at least one ttl each: a claim is held at
 * least its ttl, and memory stays bounded by the rate of claims.
 */
function memoryClaims(max: number) {
  let current = new Set<string>();
  let previous = new Set<string>();
  let rotatedAt = Date.now();
  return async (key: string, ttlMs: number): Promise<'first' | 'replay' | 'unavailable'> => {
    if (Date.now() - rotatedAt >= ttlMs) {
      previous = current;
      current = new Set();
      rotatedAt = Date.now();
    }
    if (current.has(key) || previous.has(key)) return 'replay';
    if (current.size >= max) return 'unavailable';
    current.add(key);
    return 'first';
  };
}

/** Whether a Redis connection is ready, or becomes so within `ms`. */
function readyWithin(redis: Redis, ms: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  if (redis.status === 'end') return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      redis.off('ready', onReady);
      resolve(ok);
    };
    const onReady = () => done(true);
    const timer = setTimeout(() => done(false), ms);
    redis.once('ready', onReady);
  });
}
