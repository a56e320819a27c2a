import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../runtime/env.ts';
import { haproxyMissing } from '../bench/runTopology.ts';
import { slow } from '../support/slow.ts';

// The deployment of docs/deployment.md on one machine (`npm run bench:topology`, short phases): HAProxy,
// two gateways, two population replicas, a database per subgraph, under load through a rolling restart of
// every process and two kill -9s. It needs Debian's haproxy and a PostgreSQL (TEST_DATABASE_URL); it
// runs in the PostgreSQL pass of CI, which installs haproxy and sets REQUIRE_TOPOLOGY_TESTS=1.
const databaseUrl = process.env.TEST_DATABASE_URL;
const missing = haproxyMissing() ?? (databaseUrl ? null : 'no TEST_DATABASE_URL (it needs PostgreSQL)');
const required = process.env.REQUIRE_TOPOLOGY_TESTS === '1' && Boolean(databaseUrl);
if (missing)
  console.warn(
    `\n*** SKIPPED: the topology e2e suite: ${missing}${required ? ', and REQUIRE_TOPOLOGY_TESTS=1 says it must run: failing' : ''} ***\n`,
  );

describe.skipIf(Boolean(missing) && !required)('the topology under restarts and kills', () => {
  it(
    'fails no request during a rolling restart, and loses or doubles no dossier or access record after kill -9s',
    async () => {
      const output: string[] = [];
      const code = await new Promise<number | null>((resolve) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', 'bin/benchTopology.ts', '--seconds', '5', '--workers', '8'],
          {
            cwd: projectRoot,
            env: {
              ...process.env,
              BENCH_DATABASE_URL: (databaseUrl ?? '').replace(/\/[^/]*$/, '/postgres'),
              NODE_ENV: 'development',
            },
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
        child.on('exit', resolve);
      });
      const text = output.join('');
      console.log(
        text
          .split('\n')
          .filter((l) => !l.startsWith('[bench] ['))
          .join('\n'),
      );
      for (const check of [
        'no failed request during the rolling restart',
        'every request answered in the end',
        'one dossier per answered submission',
        'one access record per answered request, none twice',
        'the access log verifies against its witness (audit:verify)',
      ])
        expect(text).toContain(`OK     ${check}`);
      expect(code).toBe(0);
    },
    slow(600_000),
  );
});
