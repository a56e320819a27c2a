import type { businessIndustries, businesses, legalRepresentatives } from '../drizzle/business.ts';
import {
  type dossierEvents,
  type dossierEvidence,
  type dossiers,
  type dossierSequences,
} from '../drizzle/dossiers.ts';
import type { blobs, components, issuedDocuments } from '../drizzle/documents.ts';
import type { caseParties, citizens, households } from '../drizzle/population.ts';
import type { agencies, feePolicies, fees, procedureCatalogue, requirements } from '../drizzle/procedures.ts';

export type Gender = 'MALE' | 'FEMALE';
export type CitizenRow = typeof citizens.$inferInsert & { birthDate: string; gender: Gender };

/** The rows of each table, keyed by subgraph and then by table, in the order they are generated. */
export interface WorldRows {
  population: {
    households: typeof households.$inferInsert;
    citizens: CitizenRow;
    caseParties: typeof caseParties.$inferInsert;
  };
  business: {
    businesses: typeof businesses.$inferInsert;
    legalRepresentatives: typeof legalRepresentatives.$inferInsert;
    businessIndustries: typeof businessIndustries.$inferInsert;
  };
  procedures: {
    agencies: typeof agencies.$inferInsert;
    procedures: typeof procedureCatalogue.$inferInsert;
    fees: typeof fees.$inferInsert;
    requirements: typeof requirements.$inferInsert;
    feePolicies: typeof feePolicies.$inferInsert & { id: number };
  };
  dossiers: {
    dossiers: typeof dossiers.$inferInsert;
    dossierEvents: typeof dossierEvents.$inferInsert;
    dossierEvidence: typeof dossierEvidence.$inferInsert;
    dossierSequences: typeof dossierSequences.$inferInsert;
  };
  documents: {
    blobs: typeof blobs.$inferInsert;
    documents: typeof issuedDocuments.$inferInsert;
    components: typeof components.$inferInsert;
  };
}

/** One generated row and where it goes. */
export type SeedRow = {
  [S in keyof WorldRows]: { [T in keyof WorldRows[S]]: [S, T, WorldRows[S][T]] }[keyof WorldRows[S]];
}[keyof WorldRows];
