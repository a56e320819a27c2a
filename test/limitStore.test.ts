import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createLimitStore, type LimitStore } from '../runtime/createLimitStore.ts';
import { redisForTests, testRedisUrl } from './support/redisForTests.ts';

const withRedis = await redisForTests('limitStore.test.ts (rate limits shared through Redis)');
const opened: LimitStore[] = [];
const store = (redisUrl?: string, prefix = `test-${randomUUID()}`) => {
  const s = createLimitStore({ redisUrl, prefix });
  opened.push(s);
  return s;
};
afterAll(() => Promise.all(opened.map((s) => s.close())));

/**
 * Waits until ioredis has connected (the store counts in memory until then): a claim is 'unavailable'
 * until Redis answers it, and never falls back to memory.
 */
async function connected(s: LimitStore) {
  for (let i = 0; i < 200; i += 1) {
    if ((await s.claimOnce('probe', randomUUID(), 1000)) !== 'unavailable') return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('Redis never answered');
}

const allowedOf = (results: Array<{ allowed: boolean }>) => results.filter((r) => r.allowed).length;

const kinds: Array<[string, () => LimitStore]> = [
  ['memory', () => store()],
  ...(withRedis ? [['redis', () => store(testRedisUrl)] as [string, () => LimitStore]] : []),
];
describe.each(kinds)('limit store in %s', (_kind, make) => {
  it('allows exactly the limit in a window, refuses the rest with a wait, and counts each key apart', async () => {
    const s = make();
    if (s.kind === 'redis') await connected(s);
    const results = await Promise.all(
      Array.from({ length: 25 }, () => s.consume('requests', 'a', 1, 10, 60)),
    );
    expect(allowedOf(results)).toBe(10);
    const refusal = results.find((r) => !r.allowed);
    expect(refusal && !refusal.allowed && refusal.retryAfterSeconds).toBeGreaterThan(0);
    expect(refusal && !refusal.allowed && refusal.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect((await s.consume('requests', 'b', 1, 10, 60)).allowed).toBe(true);
    expect(s.fallbacks).toBe(0); // a Redis store counted every one in Redis
  });

  it('takes points by weight, and a refused request takes none', async () => {
    const s = make();
    if (s.kind === 'redis') await connected(s);
    expect((await s.consume('cost', 'a', 60, 100, 60)).allowed).toBe(true);
    expect((await s.consume('cost', 'a', 60, 100, 60)).allowed).toBe(false);
    // The refused 60 were given back: 40 remain.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await s.consume('cost', 'a', 40, 100, 60)).allowed).toBe(true);
    expect((await s.consume('cost', 'a', 1, 100, 60)).allowed).toBe(false);
    expect((await s.consume('cost', 'b', 101, 100, 60)).allowed).toBe(false);
    expect(s.fallbacks).toBe(0);
  });

  it('counts distinct members: repeats are free, a set that would pass the limit is refused whole', async () => {
    const s = make();
    if (s.kind === 'redis') await connected(s);
    expect((await s.admitDistinct('citizens', 'c', ['1', '2'], 3, 60)).allowed).toBe(true);
    expect((await s.admitDistinct('citizens', 'c', ['1', '2', '1'], 3, 60)).allowed).toBe(true);
    expect((await s.admitDistinct('citizens', 'c', ['3', '4'], 3, 60)).allowed).toBe(false);
    expect((await s.admitDistinct('citizens', 'c', ['3'], 3, 60)).allowed).toBe(true);
    const refused = await s.admitDistinct('citizens', 'c', ['5'], 3, 60);
    expect(refused.allowed).toBe(false);
    expect(!refused.allowed && refused.retryAfterSeconds).toBeGreaterThan(0);
    expect((await s.admitDistinct('citizens', 'c', ['1', '2', '3'], 3, 60)).allowed).toBe(true);
    expect((await s.admitDistinct('citizens', 'other', ['5'], 3, 60)).allowed).toBe(true);
    expect(s.fallbacks).toBe(0);
  });
});

describe.skipIf(!withRedis)('limit store shared through Redis', () => {
  it('makes two stores (two replicas) on one Redis enforce one limit together', async () => {
    const prefix = `test-${randomUUID()}`;
    const [a, b] = [store(testRedisUrl, prefix), store(testRedisUrl, prefix)] as [LimitStore, LimitStore];
    await Promise.all([connected(a), connected(b)]);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).consume('requests', 'shared', 1, 15, 60)),
    );
    expect(allowedOf(results)).toBe(15);
    const distinct = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        (i % 2 ? a : b).admitDistinct('citizens', 'k', [String(i)], 6, 60),
      ),
    );
    expect(allowedOf(distinct)).toBe(6);
    expect(a.fallbacks + b.fallbacks).toBe(0);
  });

  it('counts in memory, without waiting, when Redis refuses connections or stops answering', async () => {
    // A port nothing listens on, and a server that accepts and never answers (a hung Redis).
    const closed = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const silentPort = (silent.address() as net.AddressInfo).port;
    try {
      for (const url of [`redis://127.0.0.1:${closed}`, `redis://127.0.0.1:${silentPort}`]) {
        const s = store(url);
        await new Promise((resolve) => setTimeout(resolve, 300));
        const results = await Promise.all(
          Array.from({ length: 12 }, () => s.consume('requests', 'x', 1, 5, 60)),
        );
        expect(allowedOf(results), url).toBe(5);
        const distinct = await Promise.all(
          Array.from({ length: 4 }, (_, i) => s.admitDistinct('citizens', 'y', [String(i)], 2, 60)),
        );
        expect(allowedOf(distinct), url).toBe(2);
        expect(s.fallbacks, url).toBe(16); // every one of them counted in memory, and said so
      }
    } finally {
      silent.close();
    }
  });
});
