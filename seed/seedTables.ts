import type { PgTable } from 'drizzle-orm/pg-core';
import * as businessTables from '../drizzle/business.ts';
import * as documentTables from '../drizzle/documents.ts';
import * as dossierTables from '../drizzle/dossiers.ts';
import * as populationTables from '../drizzle/population.ts';
import * as procedureTables from '../drizzle/procedures.ts';
import type { SubgraphName } from '../runtime/subgraphNames.ts';
import type { WorldRows } from './seedRow.ts';

/** Each subgraph's seeded tables in the order they are filled, keyed as in WorldRows. */
export const seedTables: { [S in SubgraphName]: { [T in keyof WorldRows[S]]: PgTable } } = {
  population: {
    households: populationTables.households,
    citizens: populationTables.citizens,
    caseParties: populationTables.caseParties,
  },
  business: {
    businesses: businessTables.businesses,
    legalRepresentatives: businessTables.legalRepresentatives,
    businessIndustries: businessTables.businessIndustries,
  },
  procedures: {
    agencies: procedureTables.agencies,
    procedures: procedureTables.procedureCatalogue,
    fees: procedureTables.fees,
    requirements: procedureTables.requirements,
    feePolicies: procedureTables.feePolicies,
  },
  dossiers: {
    dossiers: dossierTables.dossiers,
    dossierEvents: dossierTables.dossierEvents,
    dossierEvidence: dossierTables.dossierEvidence,
    dossierSequences: dossierTables.dossierSequences,
  },
  documents: {
    blobs: documentTables.blobs,
    documents: documentTables.issuedDocuments,
    components: documentTables.components,
  },
};

/** The table whose rows say a subgraph holds data (the first one filled). */
export const mainSeedTable: { [S in SubgraphName]: PgTable } = {
  population: populationTables.citizens,
  business: businessTables.businesses,
  procedures: procedureTables.procedureCatalogue,
  dossiers: dossierTables.dossiers,
  documents: documentTables.blobs,
};
