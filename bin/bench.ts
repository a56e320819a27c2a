// `npm run bench [-- --small] [--duration 10] [--rounds 3] [--connections 32] [--targets gateway,uncached,hive,hive-rust,grafbase,bound] [--baseline <git ref>]`
// Seeds the local PostgreSQL when needed (1M citizens, 100k businesses, 1M dossiers; --small: a tenth),
// starts the four subgraphs, our gateway, Hive Gateway and the no-federation bound, loads each with
// autocannon on loopback, and prints req/s, p50, p99, SQL statements per request and server RSS.
import { parseBenchArgs } from '../test/bench/benchConfig.ts';
import { runBench } from '../test/bench/runBench.ts';

await runBench(parseBenchArgs(process.argv.slice(2)));
