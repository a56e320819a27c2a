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
 * each process then counts in its own memory until it answers again (rate-limiter-flexible's
 * insurance limiter), and no request waits on Redis more than `commandTimeoutMs`.
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
  /** Where the counts are kept: 'memory' or 'redis'. */
  readonly kind: 'memory' | 'redis';
  close(): Promise<void>;
}

export interface LimitStoreOptions {
  redisUrl?: string;
  logger?: Logger;
  /** How long a Redis command may take before this process counts in memory instead (default 250). */
  commandTimeoutMs?: number;
  /** A prefix for every key (several deployments on one Redis). */
  prefix?: string;
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
        commandTimeout: options.commandTimeoutMs ?? 250,
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
  const limiters = new Map<string, RateLimiterAbstract>();
  const limiterFor = (name: string, limit: number, windowSeconds: number) => {
    const id = `${name}:${limit}:${windowSeconds}`;
    let limiter = limiters.get(id);
    if (!limiter) {
      const memory = new RateLimiterMemory({
        points: limit,
        duration: windowSeconds,
        keyPrefix: `${prefix}:${name}`,
      });
      limiter = redis
        ? new RateLimiterRedis({
            storeClient: redis,
            points: limit,
            duration: windowSeconds,
            keyPrefix: `${prefix}:${name}`,
            rejectIfRedisNotReady: true,
            insuranceLimiter: memory,
          })
        : memory;
      limiters.set(id, limiter);
    }
    return limiter;
  };
  const distinctInMemory = memoryDistinct();
  return {
    kind: redis ? 'redis' : 'memory',
    async consume(name, key, points, limit, windowSeconds) {
      if (points > limit) return refused(windowSeconds * 1000);
      try {
        await limiterFor(name, limit, windowSeconds).consume(key, points);
        return { allowed: true };
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) {
          // Refused points are given back: a client over its budget does not dig itself deeper by retrying.
          void limiterFor(name, limit, windowSeconds)
            .reward(key, points)
            .catch(() => undefined);
          return refused(rejection.msBeforeNext);
        }
        throw rejection;
      }
    },
    async admitDistinct(name, key, members, limit, windowSeconds) {
      const fullKey = `${prefix}:${name}:${key}`;
      if (redis && redis.status === 'ready') {
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
        } catch {
          // Redis failed or timed out: this process counts on its own meanwhile.
        }
      }
      return distinctInMemory(fullKey, members, limit, windowSeconds);
    },
    async close() {
      redis?.disconnect();
    },
  };
}
