import { sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import * as businessTables from '../drizzle/business.ts';
import * as dossierTables from '../drizzle/dossiers.ts';
import * as populationTables from '../drizzle/population.ts';
import * as procedureTables from '../drizzle/procedures.ts';
import type { Db } from '../subgraphs/kit/createDb.ts';
import type { SubgraphName } from '../subgraphs/kit/subgraphNames.ts';
import type { World } from './generateWorld.ts';

/** Each subgraph's tables in the order they are filled, keyed as in World. */
export const seedTables: { [S in SubgraphName]: Array<[keyof World[S], PgTable]> } = {
  population: [
    ['households', populationTables.households],
    ['citizens', populationTables.citizens],
  ],
  business: [
    ['businesses', businessTables.businesses],
    ['legalRepresentatives', businessTables.legalRepresentatives],
    ['businessIndustries', businessTables.businessIndustries],
  ],
  procedures: [
    ['agencies', procedureTables.agencies],
    ['procedures', procedureTables.procedureCatalogue],
    ['fees', procedureTables.fees],
    ['requirements', procedureTables.requirements],
    ['feePolicies', procedureTables.feePolicies],
  ],
  dossiers: [
    ['dossiers', dossierTables.dossiers],
    ['dossierEvents', dossierTables.dossierEvents],
    ['dossierEvidence', dossierTables.dossierEvidence],
    ['dossierSequences', dossierTables.dossierSequences],
  ],
};

/** Rows per multi-row INSERT: large enough to be fast, small enough for PostgreSQL's 65,535 parameters. */
const chunkSize = 1000;

/** Whether the subgraph's first table has no row (a database to seed). */
export async function isEmpty(subgraph: SubgraphName, db: Db): Promise<boolean> {
  const [[, table]] = seedTables[subgraph] as [[unknown, PgTable]];
  const rows = await db
    .select({ one: sql`1` })
    .from(table)
    .limit(1);
  return rows.length === 0;
}

/** Writes one subgraph's part of the world in one transaction: all of it or nothing. */
export async function writeWorld(subgraph: SubgraphName, db: Db, world: World): Promise<number> {
  let written = 0;
  await db.transaction(async (tx) => {
    for (const [key, table] of seedTables[subgraph]) {
      const rows = (world[subgraph] as Record<string, Array<Record<string, unknown>>>)[key as string] ?? [];
      for (let i = 0; i < rows.length; i += chunkSize) {
        // Serial ids are left to the database so later inserts do not collide with seeded ones.
        const slice = rows.slice(i, i + chunkSize);
        const chunk = table === procedureTables.feePolicies ? slice.map(({ id: _id, ...row }) => row) : slice;
        await tx.insert(table).values(chunk as never);
        written += chunk.length;
      }
    }
  });
  return written;
}
