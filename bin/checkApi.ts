import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { apiSchemaFile, apiSchemaOf } from '../gateway/apiSchemaOf.ts';
import { apiChanges, unannouncedBreakingChanges } from '../gateway/unannouncedBreakingChanges.ts';
import { loadEnv, projectRoot } from '../runtime/env.ts';

// `npm run check:api` (part of `npm run check`): api-schema.graphql is the API schema of
// supergraph.graphql, and every breaking change since the last release in releases/ is named in
// CHANGELOG.md's Unreleased section. Exit 1 otherwise.
const read = (file: string) => readFileSync(path.join(projectRoot, file), 'utf8');
const current = read(apiSchemaFile);
if (apiSchemaOf(readFileSync(loadEnv({}).supergraphPath, 'utf8')) !== current) {
  console.error(`${apiSchemaFile} is not the API schema of supergraph.graphql: run \`npm run compose\``);
  process.exit(1);
}
const version = (file: string) => (/(\d+)\.(\d+)\.(\d+)/.exec(file) ?? []).slice(1).map(Number);
const newerFirst = (a: string, b: string) => {
  const [x, y] = [version(a), version(b)];
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (y[i] ?? 0) - (x[i] ?? 0);
  return 0;
};
const last = readdirSync(path.join(projectRoot, 'releases'))
  .filter((f) => /^api-schema-\d+\.\d+\.\d+\.graphql$/.test(f))
  .sort(newerFirst)[0];
if (!last) {
  console.error('releases/ holds no api-schema-<version>.graphql to compare with');
  process.exit(1);
}
const released = read(path.join('releases', last));
const changes = apiChanges(released, current);
const unannounced = unannouncedBreakingChanges(released, current, read('CHANGELOG.md'));
for (const change of changes)
  console.log(`${change.breaking ? 'breaking' : 'dangerous'}: ${change.description}`);
if (unannounced.length) {
  console.error(
    `${unannounced.length} breaking change(s) since ${last} that CHANGELOG.md's "## Unreleased" section does not name:\n` +
      unannounced.map((c) => `- \`${c.coordinate}\`: ${c.description}`).join('\n'),
  );
  process.exit(1);
}
console.log(`API schema: ${changes.length} change(s) since ${last} that need care, none unannounced.`);
