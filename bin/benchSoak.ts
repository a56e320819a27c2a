// `npm run bench:soak [-- --minutes 30] [--rate 40] [--reloads 20] [--small]`: the gateway and the four
// subgraphs on the bench database (seeded when needed) under a steady load, the supergraph file replaced
// `reloads` times; prints each process's RSS after warm-up and at the end, and fails on a drift upward,
// an unanswered request or a reload that did not load.
import { parseArgs } from 'node:util';
import { parseBenchArgs } from '../test/bench/benchConfig.ts';
import { runSoak } from '../test/bench/runSoak.ts';

const { values, tokens } = parseArgs({
  options: {
    minutes: { type: 'string', default: '30' },
    rate: { type: 'string', default: '40' },
    reloads: { type: 'string', default: '20' },
  },
  strict: false,
  tokens: true,
});
const soakOptions = new Set(['minutes', 'rate', 'reloads']);
const rest = tokens
  .filter((t) => t.kind === 'option' && !soakOptions.has(t.name))
  .map((t) => (t.kind === 'option' ? t.rawName : ''));
const ok = await runSoak({
  ...parseBenchArgs(rest),
  minutes: Math.min(120, Number(values.minutes)),
  rate: Number(values.rate),
  reloads: Number(values.reloads),
});
process.exitCode = ok ? 0 : 1;
