import { readdirSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../runtime/env.ts';
import { readReference } from '../runtime/readReference.ts';
import { vietnamDate } from '../runtime/vietnamTime.ts';
import { referenceWarnings } from '../runtime/referenceWarnings.ts';

// `npm run -s check:reference` (part of `npm run check`): warns, never fails, when the law in
// reference/ may have moved on: a file not reviewed for a year, a rate's period or a provisional
// calendar year that has passed. A warning is a task for a data steward, not a broken build.
const files = Object.fromEntries(
  readdirSync(path.join(projectRoot, 'reference'))
    .filter((name) => name.endsWith('.json'))
    .map((name) => [name, readReference<Record<string, unknown>>(name)]),
);
const warnings = referenceWarnings(files, vietnamDate());
for (const warning of warnings) console.warn(`warning: reference/${warning}`);
console.log(`reference data: ${Object.keys(files).length} files checked, ${warnings.length} warning(s)`);
