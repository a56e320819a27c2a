import autocannon from 'autocannon';
import type postgres from 'postgres';
import { subgraphNames } from '../../runtime/subgraphNames.ts';
import { type Scenario, type SampleData } from './scenarios.ts';
import { log, type BenchConfig, type Service } from './benchConfig.ts';
import { countersSoFar, cpuMs, machineBusyMs, peakRss } from './processStats.ts';
import { benchHeaders } from './benchEnvironment.ts';

/** One target's figures for one scenario. */
export interface Row {
  scenario: string;
  target: string;
  rps: number;
  p50: number;
  p99: number;
  statements: number;
  rssMiB: number;
  non2xx: number;
  /** Access records the population wrote per request (one per citizen a request reads). */
  accessRecords: number;
  /** req/s of every round, lowest first (the row is the median one). */
  rounds?: number[];
  /** CPU milliseconds per request: the target process, the subgraph processes, the whole machine. */
  cpu: { server: number; subgraphs: number; machine: number };
}

/** The population's access log, to count the records a run leaves. */
export interface AccessLog {
  /** The newest record's id. */
  last(): Promise<number>;
  /** How many records were written after that id. */
  since(id: number): Promise<number>;
}

/** The access log in the database at `sql`. */
export const accessLogOf = (sql: postgres.Sql): AccessLog => ({
  last: async () =>
    Number((await sql`select coalesce(max(id), 0)::bigint as n from population.access_records`)[0]?.n ?? 0),
  since: async (id) =>
    Number((await sql`select count(*)::int as n from population.access_records where id > ${id}`)[0]?.n ?? 0),
});

/** What one target is: its server, the subgraph processes behind it, its data and its access log. */
export interface Setup {
  server: Service;
  subgraphs: Service[];
  data: SampleData;
  accessLog: AccessLog;
}

/**
 * Numbers the requests of the whole run: each round and warm-up goes on where the last stopped, so a
 * submission never repeats an earlier idempotency key (a repeat is answered from the first, cheaply).
 */
let sequence = 0;

/** Warms the target with the scenario, then (seconds > 0) measures it for that long. */
export async function measure(
  config: Pick<BenchConfig, 'connections'>,
  scenario: Scenario,
  target: string,
  setup: Setup,
  token: string,
  seconds: number,
): Promise<Row | null> {
  const { connections } = config;
  const { server, subgraphs, data, accessLog } = setup;
  const headers = {
    'content-type': 'application/json',
    authorization: `Bearer ${token}`,
    ...benchHeaders,
    'x-purpose': 'Benchmark',
  };
  // One request first: a scenario that errors measures nothing.
  const probe = (await (
    await fetch(server.url, { method: 'POST', headers, body: scenario.body(data, 0, target) })
  ).json()) as { errors?: unknown[] };
  if (probe.errors?.length)
    throw new Error(`${scenario.name} on ${target}: ${JSON.stringify(probe.errors).slice(0, 500)}`);
  const load = (seconds: number) =>
    autocannon({
      url: server.url,
      connections,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          headers,
          // Each request carries its own X-Request-Id, as docs/deployment.md asks of clients: every
          // router's fetches for one request then leave one access record per citizen between them.
          setupRequest: (req) => {
            sequence += 1;
            return {
              ...req,
              headers: { ...req.headers, 'x-request-id': `bench-${target}-${sequence}` },
              body: scenario.body(data, sequence, target),
            };
          },
        },
      ],
    });
  if (seconds <= 0) {
    await load(4); // JIT, caches, connection pools
    return null;
  }
  await load(2); // caches and pools again, after the other targets' runs
  const before = await countersSoFar(target === 'bound' ? [server] : subgraphs);
  const lastRecord = await accessLog.last();
  const subgraphCpu = () => (target === 'bound' ? [] : subgraphs.map((s) => cpuMs(s.process.pid ?? 0)));
  const cpuBefore = {
    server: cpuMs(server.process.pid ?? 0),
    subgraphs: subgraphCpu(),
    machine: machineBusyMs(),
  };
  const [result, rssMiB] = await peakRss(server.process.pid ?? 0, load(seconds));
  const cpuAfter = {
    server: cpuMs(server.process.pid ?? 0),
    subgraphs: subgraphCpu(),
    machine: machineBusyMs(),
  };
  const after = await countersSoFar(target === 'bound' ? [server] : subgraphs);
  const records = await accessLog.since(lastRecord);
  const total = result.requests.total || 1;
  const row: Row = {
    scenario: scenario.name,
    target,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statements: (after.statements - before.statements) / total,
    rssMiB,
    non2xx: result.non2xx + result.errors + result.timeouts,
    accessRecords: records / total,
    cpu: {
      server: (cpuAfter.server - cpuBefore.server) / total,
      subgraphs: cpuAfter.subgraphs.reduce((t, ms, i) => t + ms - (cpuBefore.subgraphs[i] ?? 0), 0) / total,
      machine: (cpuAfter.machine - cpuBefore.machine) / total,
    },
  };
  // Where the subgraphs' share goes, subgraph by subgraph (for the log; the table sums it).
  const bySubgraph = Object.fromEntries(
    cpuAfter.subgraphs.map((ms, i) => [
      subgraphNames[i],
      ((ms - (cpuBefore.subgraphs[i] ?? 0)) / total).toFixed(2),
    ]),
  );
  // Operations the subgraphs served per request, and GraphQL errors they answered (should be 0).
  const subgraphOperations = after.each
    .map((n, i) => ((n - (before.each[i] ?? 0)) / total).toFixed(2))
    .join(' ');
  const subgraphErrors = after.errors - before.errors;
  log(JSON.stringify({ ...row, bySubgraph, subgraphOperations, subgraphErrors }));
  return row;
}
