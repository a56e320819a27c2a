import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createLimitStore, type LimitStore } from '../runtime/createLimitStore.ts';
import { keyidOf } from '../runtime/routerKeys.ts';
import { createRouterRequestSigner } from '../runtime/signRouterRequest.ts';
import {
  createRouterRequestVerifier,
  type RouterRequestVerifierOptions,
} from '../runtime/verifyRouterRequest.ts';
import { redisForTests, testRedisUrl } from './support/redisForTests.ts';

// #26 point 8: a signed request captured on the wire was accepted again by a second population replica
// within 10 s, and by the first after it restarted: nonces lived in each process. Now they are claimed
// in the limit store (Redis when configured, shared by the replicas), a signature made before the
// process started is refused, and a nonce that cannot be checked refuses the request.
const withRedis = await redisForTests('routerNonces.test.ts (nonces shared by subgraph replicas)');
const router = generateKeyPairSync('ed25519');
const keyid = await keyidOf(router.publicKey);
const sign = createRouterRequestSigner({ keyid, privateKey: router.privateKey });
const origin = 'http://127.0.0.1:4001';
const stores: LimitStore[] = [];
afterAll(() => Promise.all(stores.map((s) => s.close())));

/** A subgraph replica's verifier (its own process: its own memory, its own start time). */
const replica = (options: Partial<RouterRequestVerifierOptions> = {}) =>
  createRouterRequestVerifier({
    keys: new Map([[keyid, router.publicKey]]),
    origins: new Set([origin]),
    ...options,
  });

/** A request the router signed now, as the subgraph receives it. */
async function captured() {
  const body = JSON.stringify({ query: '{ __typename }' });
  const headers = await sign({
    method: 'POST',
    url: `${origin}/graphql`,
    headers: { 'content-type': 'application/json', 'x-request-id': randomUUID() },
    body,
  });
  return {
    request: {
      method: 'POST',
      url: '/graphql',
      headers: { ...headers, host: '127.0.0.1:4001' },
      secure: false,
    },
    body: Buffer.from(body),
  };
}

/** Waits until a store's Redis connection is ready (a claim before would be 'unavailable'). */
async function ready(store: LimitStore) {
  for (let i = 0; i < 100; i += 1) {
    if ((await store.claimOnce('probe', randomUUID(), 1000)) !== 'unavailable') return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('Redis never became ready');
}

describe('router signature nonces', () => {
  it('refuses a replay to the same process, and remembers the nonce as long as the signature lives', async () => {
    const verify = replica({ maxAgeSeconds: 1, toleranceSeconds: 0 });
    const { request, body } = await captured();
    expect(await verify(request, body)).toBeNull();
    expect(await verify(request, body)).toMatch(/used before \(replay\)/);
    // Past the window the signature itself has expired: the nonce is never needed longer.
    await new Promise((resolve) => setTimeout(resolve, 2200));
    expect(await verify(request, body)).toMatch(/expired/);
  });

  it('refuses a request signed before the process started (a replay across a restart)', async () => {
    const { request, body } = await captured();
    expect(await replica()(request, body)).toBeNull();
    const restarted = replica({ startedAt: Date.now() + 10_000 });
    expect(await restarted(request, body)).toMatch(/before this subgraph started/);
  });

  it('refuses what it cannot remember: past the cap of nonces held in memory', async () => {
    const store = createLimitStore({ maxClaims: 2 });
    stores.push(store);
    const verify = replica({ nonces: store });
    const outcomes = [];
    for (let i = 0; i < 3; i += 1) {
      const { request, body } = await captured();
      outcomes.push(await verify(request, body));
    }
    expect(outcomes.slice(0, 2)).toEqual([null, null]);
    expect(outcomes[2]).toMatch(/could not be checked/);
  });

  it.runIf(withRedis)(
    'refuses a replay to a second replica, and refuses all when Redis cannot answer',
    async () => {
      const prefix = `nonce-shared-${randomUUID()}`;
      const first = createLimitStore({ redisUrl: testRedisUrl, prefix });
      const second = createLimitStore({ redisUrl: testRedisUrl, prefix });
      stores.push(first, second);
      await Promise.all([ready(first), ready(second)]);
      const { request, body } = await captured();
      expect(await replica({ nonces: first })(request, body)).toBeNull();
      expect(await replica({ nonces: second })(request, body)).toMatch(/used before \(replay\)/);
      expect(first.fallbacks + second.fallbacks).toBe(0);
      // Redis configured but unreachable: no nonce can be checked, so nothing is taken.
      const down = createLimitStore({ redisUrl: 'redis://127.0.0.1:1', prefix });
      stores.push(down);
      const fresh = await captured();
      expect(await replica({ nonces: down })(fresh.request, fresh.body)).toMatch(/could not be checked/);
    },
  );
});
