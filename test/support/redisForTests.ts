import net from 'node:net';

/** The Redis tests use: REDIS_URL, else this machine's (which .ci/run starts). */
export const testRedisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/** REQUIRE_REDIS_TESTS=1 (set by .ci/run): a Redis that does not answer fails these tests instead of skipping them. */
export const redisTestsRequired = process.env.REQUIRE_REDIS_TESTS === '1';

/** Whether a Redis answers PING at the test URL (checked with a raw socket, so nothing is imported). */
export async function redisAnswers(url = testRedisUrl): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

/** Whether to run the Redis tests: yes when it answers; when not, said loudly, and a failure where CI requires them. */
export async function redisForTests(suite: string): Promise<boolean> {
  if (await redisAnswers()) return true;
  if (redisTestsRequired)
    throw new Error(`${suite}: REQUIRE_REDIS_TESTS=1 but no Redis answers at ${testRedisUrl}`);
  console.warn(
    `\n!!! ${suite}: SKIPPED, no Redis answers at ${testRedisUrl} (start one, or set REDIS_URL). ` +
      'CI sets REQUIRE_REDIS_TESTS=1 and fails without it. !!!\n',
  );
  return false;
}
