// `npm run bench:topology [-- --seconds 20] [--workers 12]`: HAProxy (Debian's package) in front of two
// gateway replicas and the subgraphs (two population replicas), each subgraph on its own PostgreSQL
// database, Redis shared by the gateways; under load, a rolling restart of every process and a kill -9 of
// a gateway and a population replica. Prints what the clients saw per phase and what was stored, and
// exits 1 unless the rolling restart failed nothing and nothing was lost or doubled.
import { parseArgs } from 'node:util';
import { log, parseBenchArgs } from '../test/bench/benchConfig.ts';
import { runTopology } from '../test/bench/runTopology.ts';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '20' }, workers: { type: 'string', default: '12' } },
});
const result = await runTopology({
  ...parseBenchArgs([]),
  seconds: Number(values.seconds),
  workers: Number(values.workers),
});
const rolling = result.phases.find((p) => p.phase === 'rolling restart');
const { reads, submissions, unanswered } = result.answered;
const checks = {
  'no failed request during the rolling restart': rolling?.failedAttempts === 0,
  'every request answered in the end (resent with the same id and key)': unanswered === 0,
  'one dossier per answered submission':
    result.stored.submissions === submissions && result.stored.dossiers === submissions,
  'one access record per answered request, none twice':
    result.stored.records === reads + submissions && result.stored.requests === result.stored.records,
  'the access log verifies against its witness (audit:verify)': result.audit.problems.length === 0,
};
log(JSON.stringify(result.phases));
console.log(
  [
    '# Topology: HAProxy → 2 gateways (Redis-shared limits) → HAProxy → population ×2, business, procedures, dossiers, documents; a database each',
    '',
    '| phase | seconds | requests started | failed attempts (each resent) |',
    '| --- | ---: | ---: | ---: |',
    ...result.phases.map(
      (p) => `| ${p.phase} | ${p.seconds.toFixed(1)} | ${p.requests} | ${p.failedAttempts} |`,
    ),
    '',
    `Failed attempts by phase and answer: ${result.failures.length ? result.failures.map(([k, v]) => `${k} × ${v}`).join('; ') : 'none'}.`,
    `HAProxy resent on its own (retries + redispatches, by backend): ${Object.entries(result.resent)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}.`,
    `Answered: ${reads} reads, ${submissions} submissions, ${unanswered} never answered.`,
    `Stored: ${result.stored.submissions} submissions → ${result.stored.dossiers} dossiers; ${result.stored.records} access records over ${result.stored.requests} request ids.`,
    `Access log: ${result.audit.checked} records in the tree, ${result.audit.witnessed} witnessed${result.audit.problems.length ? `; ${result.audit.problems.join('; ')}` : ''}.`,
    '',
    ...Object.entries(checks).map(([name, ok]) => `${ok ? 'OK    ' : 'MISSED'} ${name}`),
  ].join('\n'),
);
process.exitCode = Object.values(checks).every(Boolean) ? 0 : 1;
