import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationsFolder } from '../subgraphs/kit/createDb.ts';
import { slow } from './support/slow.ts';

// Migration 0004 turns the access log into monthly partitions. Written by hand (drizzle-kit cannot
// declare partitioning), so it is run here over a log written under 0003: every record keeps its id,
// content and leaf, lands in its month, and the id sequence carries on.
const dir = mkdtempSync(path.join(os.tmpdir(), 'access-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The population migrations up to and including `tag`, as a folder of their own. */
function migrationsUpTo(tag: string): string {
  const folder = path.join(dir, tag);
  cpSync(migrationsFolder('population'), folder, { recursive: true });
  const journalFile = path.join(folder, 'meta/_journal.json');
  const journal = JSON.parse(readFileSync(journalFile, 'utf8')) as { entries: Array<{ tag: string }> };
  journal.entries = journal.entries.slice(0, journal.entries.findIndex((e) => e.tag === tag) + 1);
  writeFileSync(journalFile, JSON.stringify(journal));
  return folder;
}

describe('migration 0004: the access log by month', () => {
  it(
    'moves every record of an existing log into its month, ids and leaves unchanged',
    async () => {
      const client = await PGlite.create();
      const db = drizzle(client);
      const config = { migrationsSchema: 'drizzle', migrationsTable: 'migrations_population' };
      try {
        await migrate(db, { ...config, migrationsFolder: migrationsUpTo('0003_drop_hash_chain') });
        await db.execute(sql`
          insert into population.access_records (at, personal_id, client_id, agency_code, purpose, fields, request_id, leaf_index, leaf_hash)
          values ('2025-01-31T23:59:59Z', '001099000001', 'c', 'a', 'p', '{fullName}', 'r1', 0, 'h0'),
                 ('2025-02-01T00:00:01Z', '001099000001', 'c', 'a', 'p', '{fullName}', 'r2', 1, 'h1'),
                 ('2026-06-15T08:00:00Z', '001099000002', 'c', 'a', 'p', '{birthDate}', 'r3', null, null)`);
        const before = (
          await client.query<{ id: string }>(`select * from population.access_records order by id`)
        ).rows;

        await migrate(db, { ...config, migrationsFolder: migrationsUpTo('0004_access_log_by_month') });
        const after = await client.query<Record<string, unknown>>(
          `select *, tableoid::regclass::text as part from population.access_records order by id`,
        );
        expect(after.rows.map(({ month: _m, part: _p, ...rest }) => rest)).toEqual(before);
        expect(after.rows.map((r) => [r.request_id, r.part])).toEqual([
          ['r1', 'population.access_records_2025_01'],
          ['r2', 'population.access_records_2025_02'],
          ['r3', 'population.access_records_2026_06'],
        ]);
        const partitioned = await client.query<{ relkind: string }>(
          `select relkind from pg_class where oid = 'population.access_records'::regclass`,
        );
        expect(partitioned.rows[0]?.relkind).toBe('p');
        // New records number on from the old ones, and the unsequenced one still merges a resend.
        await client.query(`insert into population.access_records (at, month, personal_id, client_id, agency_code, purpose, fields, request_id)
          values ('2026-06-15T08:00:02Z', '2026-06-01', '001099000002', 'c', 'a', 'p', '{fullName}', 'r3')
          on conflict (request_id, client_id, personal_id, purpose, month) where leaf_index is null and leaf_hash is null
          do update set fields = array(select distinct f from unnest(access_records.fields || excluded.fields) f order by f)`);
        await client.query(`insert into population.access_records (at, month, personal_id, client_id, agency_code, purpose, fields, request_id)
          values (now(), date_trunc('month', now(), 'UTC')::date, '001099000003', 'c', 'a', 'p', '{fullName}', 'r4')`);
        const last = await client.query<{ id: string; request_id: string; fields: string[] }>(
          `select id::text, request_id, fields from population.access_records where request_id in ('r3', 'r4') order by id`,
        );
        expect(last.rows.map((r) => [r.request_id, r.fields])).toEqual([
          ['r3', ['birthDate', 'fullName']],
          ['r4', ['fullName']],
        ]);
        expect(last.rows[0]?.id).toBe(String(before[2]?.id));
        expect(Number(last.rows[1]?.id)).toBeGreaterThan(Number(before[2]?.id));
      } finally {
        await client.close();
      }
    },
    slow(60_000),
  );
});
