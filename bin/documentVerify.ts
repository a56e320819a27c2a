import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { vietnamDate } from '../runtime/vietnamTime.ts';
import { verifySignedDocument } from '../subgraphs/documents/verifySignedDocument.ts';

// `npm run document:verify -- --keys keys.json [--revocations revocations.json] [file]`: checks an
// e-document offline, with no server: its signature against the agencies' published keys (the JSON of
// /.well-known/document-keys), its validity against today's date in Vietnam, and, given the list of
// /.well-known/document-revocations, whether it was revoked. Reads the document (its JWS) from the file,
// or from standard input. Prints the verdict as JSON; exits 0 when valid, 1 when not, 2 on a usage error.
const usage =
  'usage: npm run document:verify -- --keys <jwks.json> [--revocations <revocations.json>] [--today YYYY-MM-DD] [file]';
let values: { keys?: string; revocations?: string; today?: string };
let positionals: string[];
try {
  ({ values, positionals } = parseArgs({
    options: { keys: { type: 'string' }, revocations: { type: 'string' }, today: { type: 'string' } },
    allowPositionals: true,
  }));
} catch (error) {
  console.error(`${(error as Error).message}\n${usage}`);
  process.exit(2);
}
if (!values.keys || positionals.length > 1 || (values.today && !/^\d{4}-\d{2}-\d{2}$/.test(values.today))) {
  console.error(usage);
  process.exit(2);
}
/** A JSON file's content; exit 2 naming the file when it cannot be read as JSON. */
function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (error) {
    console.error(`${file}: ${(error as Error).message}\n${usage}`);
    process.exit(2);
  }
}
const jwks = readJson<Parameters<typeof verifySignedDocument>[1]>(values.keys);
/** The ids the revocation list names: the gateway's JSON ({ revocations: [...] }) or a plain array. */
function revokedIds(file: string): Set<string> {
  const parsed = readJson<{ revocations: Array<{ id: string }> } | Array<{ id: string }>>(file);
  return new Set((Array.isArray(parsed) ? parsed : parsed.revocations).map((r) => r.id));
}
const revocations = values.revocations ? revokedIds(values.revocations) : null;
const signed = readFileSync(positionals[0] ?? 0, 'utf8').trim();
const verdict = await verifySignedDocument(signed, jwks, values.today ?? vietnamDate(), async (id) =>
  revocations ? revocations.has(id) : false,
);
console.log(
  JSON.stringify(
    {
      valid: verdict.valid,
      status: verdict.status,
      reason: verdict.reason,
      revocationChecked: revocations !== null,
      claims: verdict.claims,
    },
    null,
    2,
  ),
);
process.exit(verdict.valid ? 0 : 1);
