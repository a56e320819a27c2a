import { desc, eq } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, describe, expect, it } from 'vitest';
import { legalRepresentatives } from '../drizzle/business.ts';
import { dossierEvidence, dossiers } from '../drizzle/dossiers.ts';
import { accessRecords, citizens, households } from '../drizzle/population.ts';
import { anyOf } from '../subgraphs/kit/anyOf.ts';
import type { DbHandle } from '../subgraphs/kit/createDb.ts';
import type { SubgraphName } from '../runtime/subgraphNames.ts';
import { openTestDb } from './support/testDatabase.ts';

const opened: DbHandle[] = [];
afterAll(() => Promise.allSettled(opened.map((h) => h.close())));

/** The plan of the loaders' batch lookup on a column, with sequential scans priced out. */
async function planOf(subgraph: SubgraphName, table: PgTable, column: PgColumn): Promise<string> {
  const handle = await openTestDb(subgraph);
  opened.push(handle);
  const query = handle.db
    .select()
    .from(table)
    .where(anyOf(column, ['001090000001', '079190000002']))
    .toSQL();
  const text = query.sql.replace('$1', `'{001090000001,079190000002}'`);
  const session = await handle.bulk();
  try {
    await session.query('set local enable_seqscan = off');
    const rows = await session.query<Record<string, string>>(`explain ${text}`);
    return rows.map((row) => Object.values(row)[0]).join('\n');
  } finally {
    await session.release();
  }
}

// At national scale a batch lookup that cannot use its index reads every row: a worklist took seconds.
describe('batch lookups use their index', () => {
  it.each([
    ['citizens.personal_id', 'population', citizens, citizens.personalId],
    ['households.id', 'population', households, households.id],
    ['citizens.household_id', 'population', citizens, citizens.householdId],
    ['access_records.personal_id', 'population', accessRecords, accessRecords.personalId],
    ['legal_representatives.personal_id', 'business', legalRepresentatives, legalRepresentatives.personalId],
    ['dossiers.applicant_personal_id', 'dossiers', dossiers, dossiers.applicantPersonalId],
    ['dossier_evidence.dossier_code', 'dossiers', dossierEvidence, dossierEvidence.dossierCode],
  ] as Array<[string, SubgraphName, PgTable, PgColumn]>)('%s', async (_label, subgraph, table, column) => {
    expect(await planOf(subgraph, table, column)).toMatch(/Index (Only )?Scan|Bitmap Index Scan/);
  });
});

// A page of a list is read straight off an index that holds its whole order (newest first, code as
// tie-break). With received_at alone PostgreSQL sorted each run of equal times and, at national scale,
// walked every agency's newest dossiers to fill one agency's page: the bench's 84,000 submissions to
// one agency in a day slowed every other agency's worklist to 100-200 ms a page.
describe('list pages are read off an index in their order', () => {
  it.each([
    ['an agency worklist', 'dossiers_worklist_idx', eq(dossiers.agencyCode, '000.00.00.H79')],
    ['a procedure', 'dossiers_procedure_idx', eq(dossiers.procedureCode, '1.001000.000.00.00.H79')],
    ['a province', 'dossiers_province_idx', eq(dossiers.provinceCode, '79')],
    ['every dossier', 'dossiers_received_idx', undefined],
  ] as const)('%s', async (_label, index, where) => {
    const handle = await openTestDb('dossiers');
    opened.push(handle);
    const query = handle.db
      .select()
      .from(dossiers)
      .where(where)
      .orderBy(desc(dossiers.receivedAt), desc(dossiers.code))
      .limit(51)
      .toSQL();
    let text = query.sql;
    query.params.forEach((value, i) => {
      text = text.replace(`$${i + 1}`, typeof value === 'number' ? String(value) : `'${String(value)}'`);
    });
    const session = await handle.bulk();
    try {
      // A test database is small enough to read whole and sort: price that out, as at national scale.
      await session.query('set local enable_seqscan = off');
      await session.query('set local enable_bitmapscan = off');
      const rows = await session.query<Record<string, string>>(`explain ${text}`);
      const plan = rows.map((row) => Object.values(row)[0]).join('\n');
      expect(plan).toContain(index);
      expect(plan).not.toMatch(/Sort/);
    } finally {
      await session.release();
    }
  });
});
