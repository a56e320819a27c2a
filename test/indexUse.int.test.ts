import { afterAll, describe, expect, it } from 'vitest';
import { createBusinessRepository } from '../subgraphs/business/repository.ts';
import { createDossiersRepository } from '../subgraphs/dossiers/repository.ts';
import type { DbHandle } from '../subgraphs/kit/createDb.ts';
import { createPopulationRepository } from '../subgraphs/population/repository.ts';
import type { SubgraphName } from '../runtime/subgraphNames.ts';
import { openTestDb } from './support/testDatabase.ts';

const opened: DbHandle[] = [];
afterAll(() => Promise.allSettled(opened.map((h) => h.close())));

/** A bound parameter as an SQL literal, for EXPLAIN (which takes no parameters here). */
const literal = (value: unknown): string => {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value instanceof Date) return `'${value.toISOString()}'`;
  if (Array.isArray(value)) return `'{${value.map((v) => String(v).replace(/[",\\{}]/g, '')).join(',')}}'`;
  return `'${String(value).replace(/'/g, "''")}'`;
};

/**
 * The plan PostgreSQL makes for the statement a repository function really sends (captured from the
 * database client, with its parameters), with sequential scans priced out as at national scale: a test
 * database is small enough that reading it whole would otherwise win.
 */
async function planOfRepositoryCall(
  subgraph: SubgraphName,
  call: (db: DbHandle['db']) => Promise<unknown>,
  table: string,
  settings: string[] = ['enable_seqscan = off'],
): Promise<string> {
  const statements: Array<[string, unknown[]]> = [];
  const handle = await openTestDb(subgraph, (text, params) => statements.push([text, params]));
  opened.push(handle);
  await call(handle.db);
  const found = statements.find(([text]) => text.includes(`"${table}"`));
  if (!found)
    throw new Error(`the call sent no statement on ${table}: ${statements.map(([t]) => t).join('\n')}`);
  const [text, params] = found;
  const bound = text.replace(/\$(\d+)/g, (_m, i: string) => literal(params[Number(i) - 1]));
  const session = await handle.bulk();
  try {
    for (const setting of settings) await session.query(`set local ${setting}`);
    const rows = await session.query<Record<string, string>>(`explain ${bound}`);
    return rows.map((row) => Object.values(row)[0]).join('\n');
  } finally {
    await session.release();
  }
}

const ids = ['001090000001', '079190000002'];
const population = (db: DbHandle['db']) => createPopulationRepository(db);
const business = (db: DbHandle['db']) => createBusinessRepository(db);
const dossierRepo = (db: DbHandle['db']) => createDossiersRepository(db);

// At national scale a batch lookup that cannot use its index reads every row: a worklist took seconds.
describe("the repositories' batch lookups use their index", () => {
  it.each([
    ['citizens.personal_id', 'population', 'citizens', (db) => population(db).citizensByIds(ids)],
    ['households.id', 'population', 'households', (db) => population(db).householdsByIds(['H1', 'H2'])],
    ['citizens.household_id', 'population', 'citizens', (db) => population(db).membersOfHouseholds(['H1'])],
    [
      'access_records.personal_id',
      'population',
      'access_records',
      (db) => population(db).countAccessRecords(ids),
    ],
    [
      'legal_representatives.personal_id',
      'business',
      'legal_representatives',
      (db) => business(db).businessesRepresentedBy(ids),
    ],
    [
      'dossiers.applicant_personal_id',
      'dossiers',
      'dossiers',
      (db) => dossierRepo(db).countsByApplicant('citizen', ids, null, { kind: 'all' }),
    ],
    [
      'dossier_evidence.dossier_code',
      'dossiers',
      'dossier_evidence',
      (db) => dossierRepo(db).evidenceOf(['X-1']),
    ],
  ] as Array<[string, SubgraphName, string, (db: DbHandle['db']) => Promise<unknown>]>)(
    '%s',
    async (_label, subgraph, table, call) => {
      expect(await planOfRepositoryCall(subgraph, call, table)).toMatch(
        /Index (Only )?Scan|Bitmap Index Scan/,
      );
    },
  );
});

// A page of a list is read straight off an index that holds its whole order (newest first, code as
// tie-break). With received_at alone PostgreSQL sorted each run of equal times and, at national scale,
// walked every agency's newest dossiers to fill one agency's page: the bench's 84,000 submissions to
// one agency in a day slowed every other agency's worklist to 100-200 ms a page.
describe('worklist pages are read off an index in their order', () => {
  const page = { first: 50, after: null };
  it.each([
    ['an agency', 'dossiers_worklist_idx', { agencyCode: '000.00.00.H29' }],
    ['a procedure', 'dossiers_procedure_idx', { procedureCode: '1.001000.000.00.00.H29' }],
    ['a province', 'dossiers_province_idx', { provinceCode: '79' }],
    ['every dossier', 'dossiers_received_idx', {}],
  ] as const)('%s', async (_label, index, filter) => {
    const plan = await planOfRepositoryCall(
      'dossiers',
      (db) => dossierRepo(db).worklist(filter, { kind: 'all' }, page),
      'dossiers',
      ['enable_seqscan = off', 'enable_bitmapscan = off'],
    );
    expect(plan).toContain(index);
    expect(plan).not.toMatch(/Sort/);
  });
});
