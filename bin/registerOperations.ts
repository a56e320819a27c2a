import { readdirSync, readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { Kind, parse } from 'graphql';
import { loadEnv } from '../runtime/env.ts';
import { operationHash, type SafelistFile } from '../gateway/operationSafelist.ts';

// `npm run operations:register <dir>`: adds every .graphql file under <dir> (one operation document each)
// to the safelist the gateway enforces with SAFELIST_ENFORCE=true.
const dir = process.argv[2];
if (!dir || !existsSync(dir)) {
  console.error('usage: npm run operations:register <directory of .graphql files>');
  process.exit(2);
}
const { safelistPath } = loadEnv();
const list: SafelistFile = existsSync(safelistPath)
  ? (JSON.parse(readFileSync(safelistPath, 'utf8')) as SafelistFile)
  : { operations: [] };
const known = new Set(list.operations.map((o) => o.hash));
let added = 0;
for (const file of readdirSync(dir, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.graphql'))) {
  const text = readFileSync(path.join(dir, file), 'utf8');
  let document;
  try {
    document = parse(text);
  } catch (error) {
    console.error(`${file}: ${(error as Error).message}`);
    process.exit(1);
  }
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation) {
    console.error(`${file}: no operation in it`);
    process.exit(1);
  }
  const hash = operationHash(document);
  if (known.has(hash)) continue;
  known.add(hash);
  list.operations.push({ hash, name: operation.name?.value ?? '(anonymous)', file });
  added += 1;
}
mkdirSync(path.dirname(safelistPath), { recursive: true });
writeFileSync(safelistPath, JSON.stringify(list, null, 2));
console.log(`${added} operation(s) added, ${list.operations.length} on the safelist at ${safelistPath}`);
