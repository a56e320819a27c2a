import { parseArgs } from 'node:util';
import { loadEnv } from '../runtime/env.ts';
import { personalIdProblem } from '../runtime/personalId.ts';
import { signDevToken } from '../runtime/devKey.ts';

// `npm run token -- --sub <id> [--agency <code>] --scope "<scopes>" [--role citizen] [--ttl 3600]`
// prints a development JWT signed with the key `npm start` uses. A client of an agency (an LGSP, a
// one-stop shop) names it; a national client (the public-service portal) has none.
const usage =
  'usage: npm run token -- --sub <client id | personal ID> [--agency <agency code>] --scope "<scopes>" [--role client|citizen] [--ttl seconds]';

function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      sub: { type: 'string' },
      agency: { type: 'string' },
      scope: { type: 'string', default: '' },
      role: { type: 'string', default: 'client' },
      ttl: { type: 'string', default: '3600' },
    },
  }));
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
const { sub, agency, scope, role, ttl } = values;
if (!sub) fail('--sub is required');
if (role !== 'client' && role !== 'citizen') fail('--role is client or citizen');
if (role === 'citizen' && personalIdProblem(sub))
  fail(`--sub of a citizen is a personal ID: ${personalIdProblem(sub)}`);
if (agency !== undefined && !agency.trim()) fail('--agency, when given, is an agency code');
const seconds = Number(ttl);
if (!Number.isInteger(seconds) || seconds < 1 || seconds > 86_400) fail('--ttl is 1 to 86400 seconds');

console.log(await signDevToken(loadEnv().dataDir, { sub, agency, scope, role, ttl: seconds }));
