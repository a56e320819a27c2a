import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../subgraphs/kit/createDb.ts';
import { isDatabaseUnreachable } from '../subgraphs/kit/isDatabaseUnreachable.ts';
import { startTcpFaultProxy, type TcpFaultProxy } from './support/tcpFaultProxy.ts';
import { testDatabaseUrl } from './support/testDatabase.ts';

// The database client under connection faults, on real PostgreSQL through a TCP proxy the test
// controls. postgres.js 3.4.9 lost queries here (they never settled, and the pool hung behind them)
// and ended the process with an uncaught TypeError; patches/postgres+3.4.9.patch contains that, and
// this test fails without it. PGlite has no connection to lose: there it is skipped, loudly.
const databaseUrl = await testDatabaseUrl();
if (!databaseUrl)
  console.warn(
    '\n*** SKIPPED: the database connection-fault tests need PostgreSQL (TEST_DATABASE_URL); .ci/run runs them ***\n',
  );

describe.skipIf(!databaseUrl)('the database client under connection faults', () => {
  let proxy: TcpFaultProxy;
  let handle: DbHandle;
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);

  beforeAll(async () => {
    const url = new URL(databaseUrl ?? '');
    proxy = await startTcpFaultProxy({ host: url.hostname, port: Number(url.port || 5432) });
    url.hostname = proxy.host;
    url.port = String(proxy.port);
    handle = await createDb('population', { url: url.toString(), poolMax: 10 });
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUncaught);
  });
  afterAll(async () => {
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUncaught);
    await handle?.close();
    await proxy?.close();
  });

  /** 30 clients querying in a loop while `fault` runs; every query's outcome. */
  async function underLoad(fault: () => Promise<void>) {
    let stop = false;
    const outcomes = { ok: 0, unreachable: 0, other: [] as unknown[], started: 0 };
    const client = async () => {
      while (!stop) {
        outcomes.started += 1;
        try {
          await handle.db.execute(sql`select ${outcomes.started}::int as n, pg_sleep(0.002)`);
          outcomes.ok += 1;
        } catch (error) {
          if (isDatabaseUnreachable(error)) outcomes.unreachable += 1;
          else outcomes.other.push(error);
        }
      }
    };
    const clients = Array.from({ length: 30 }, client);
    await fault();
    stop = true;
    // Every query settles: a lost one would hold this await forever (and the test would time out).
    await Promise.all(clients);
    return outcomes;
  }

  const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('settles every query through a storm of cut and reset connections, and then answers again', async () => {
    const outcomes = await underLoad(async () => {
      for (let i = 0; i < 40; i += 1) {
        await pause(50 + (i % 7) * 40);
        if (i % 2) proxy.cut();
        else proxy.reset();
      }
      await pause(200);
    });
    expect(outcomes.other).toEqual([]);
    expect(outcomes.unreachable).toBeGreaterThan(0);
    expect(outcomes.ok + outcomes.unreachable).toBe(outcomes.started);
    expect(uncaught).toEqual([]);
    // The pool reconnects by itself: every connection answers again.
    const again = await Promise.all(
      Array.from({ length: 20 }, (_, i) => handle.db.execute(sql`select ${i}::int as n`)),
    );
    expect(again).toHaveLength(20);
  });

  it('fails queries cleanly while the database is unreachable, and recovers when it is back', async () => {
    const outcomes = await underLoad(async () => {
      proxy.down = true;
      proxy.reset();
      await pause(1500);
      proxy.down = false;
      await pause(300);
    });
    expect(outcomes.other).toEqual([]);
    expect(outcomes.unreachable).toBeGreaterThan(0);
    expect(uncaught).toEqual([]);
    await expect(handle.db.execute(sql`select 1 as one`)).resolves.toBeDefined();
  });

  it('waits through a stall and answers every query once the wire moves again', async () => {
    const outcomes = await underLoad(async () => {
      await pause(100);
      proxy.stall(true);
      await pause(1000);
      proxy.stall(false);
      await pause(200);
    });
    expect(outcomes.other).toEqual([]);
    expect(outcomes.unreachable).toBe(0);
    expect(outcomes.ok).toBe(outcomes.started);
    expect(uncaught).toEqual([]);
  });

  it('rolls back a transaction whose connection is cut before commit', async () => {
    await handle.db.execute(sql`create table if not exists fault_probe (n int primary key)`);
    await handle.db.execute(sql`truncate fault_probe`);
    const attempt = handle.db.transaction(async (tx) => {
      await tx.execute(sql`insert into fault_probe values (1)`);
      proxy.cut();
      await pause(100);
      await tx.execute(sql`insert into fault_probe values (2)`);
    });
    const error = await attempt.then(
      () => null,
      (e: unknown) => e,
    );
    expect(isDatabaseUnreachable(error)).toBe(true);
    const rows = (await handle.db.execute(sql`select n from fault_probe`)) as unknown as unknown[];
    expect([...rows]).toEqual([]); // nothing half-written
    expect(uncaught).toEqual([]);
  });
});
