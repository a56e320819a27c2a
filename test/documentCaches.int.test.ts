import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { slow } from './support/slow.ts';
import { createInProcessSupergraph, type InProcessSupergraph } from './support/inProcessSupergraph.ts';

// #26 point 6: the gateway's caches of parsed documents and query plans were bounded by an estimate
// (each entry's JSON) that misses the source text, tokens and plan objects they hold, so distinct
// large documents from anonymous clients grew the heap without a plateau. Measured after a full GC.
setFlagsFromString('--expose_gc');
const collectGarbage = runInNewContext('gc') as () => void;

let graph: InProcessSupergraph;
beforeAll(async () => {
  graph = await createInProcessSupergraph({
    limits: { defaults: { anonymous: { requestsPerMinute: 100_000, costPerMinute: 1_000_000 } } },
  });
}, slow(120_000));
afterAll(() => graph?.close());

/** Seven 4,000-character literals (as large as a literal may be): a 28 kB document, distinct per index. */
const large = (i: number) =>
  `{ ${Array.from({ length: 7 }, (_, k) => `p${k}: procedures(search: "${`${i}-${k}`.padStart(4000, 'b')}") { totalCount }`).join(' ')} }`;

const heapMb = () => {
  collectGarbage();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

describe('the gateway’s document and plan caches', () => {
  it(
    'keep what 2,000 distinct 28 kB documents leave behind under 20 MB of heap',
    async () => {
      // Warm: the caches fill to their bound with other documents first.
      for (let i = 0; i < 1000; i += 1) await graph.query(large(1_000_000 + i), undefined, { token: null });
      const before = heapMb();
      for (let i = 0; i < 2000; i += 1) {
        const result = await graph.query(large(i), undefined, { token: null });
        // Every one was parsed, validated and planned (the subgraph refuses a search this long).
        expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      }
      const after = heapMb();
      expect(after - before, `heap ${before.toFixed(1)} MB → ${after.toFixed(1)} MB`).toBeLessThan(20);
    },
    slow(300_000),
  );
});
