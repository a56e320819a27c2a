import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { afterAll, describe, expect, it } from 'vitest';
import { legalRepresentatives } from '../drizzle/business.ts';
import { dossierEvidence, dossiers } from '../drizzle/dossiers.ts';
import { accessRecords, citizens, households } from '../drizzle/population.ts';
import { anyOf } from '../subgraphs/kit/anyOf.ts';
import type { DbHandle } from '../subgraphs/kit/createDb.ts';
import type { SubgraphName } from '../subgraphs/kit/subgraphNames.ts';
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
