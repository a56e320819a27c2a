import type { feePolicies } from '../drizzle/procedures.ts';
import type { AddressValue } from '../runtime/address.ts';
import type { CodeColumn, PersonalIdColumn } from './compactColumns.ts';
import type * as ref from './referenceData.ts';

// The registry of facts a generated world's later domains refer to. Each domain's generator returns
// its facts when done, and the next ones are given them, so that every cross-subgraph reference points
// at a record generated earlier. Facts are small: IDs and codes, never whole rows.

/** From the population: where addresses go and which living adults exist. */
export interface PopulationFacts {
  /** A random address in a province. */
  addressIn(provinceCode: string): AddressValue;
  /** Personal IDs of living adults, in generation order. */
  adultIds: PersonalIdColumn;
  /** The current province of each of adultIds. */
  adultProvinces: CodeColumn;
  /** The current ward (its code) of each of adultIds. */
  adultWards: CodeColumn;
  /** Up to `count` distinct living adults. */
  someAdults(count: number): string[];
}

/** From the business register: active businesses and who represents them. */
export interface BusinessFacts {
  activeCodes: string[];
  /** The head-office province of each of activeCodes. */
  activeProvinces: string[];
  /** The head-office ward (its code) of each of activeCodes. */
  activeWards: string[];
  /** Enterprise code -> its (first) legal representative's personal ID. */
  representativeOf: Map<string, string>;
  /** Personal ID -> one business they represent. */
  representedBy: Map<string, string>;
}

/** What a dossier needs to know of a generated procedure. */
export interface GeneratedProcedure {
  code: string;
  /** The province of a localised copy (filed only there); null for a national procedure. */
  provinceCode: string | null;
  /** The agency that carries it out (a ministry for a national procedure). */
  agencyCode: string;
  template: ref.ProcedureTemplate;
  onlineService: ref.Online;
  processingDays: number;
  fees: Array<{
    kind: 'FEE' | 'CHARGE';
    amount: string;
    description: string;
    position: number;
    authority: 'NATIONAL' | 'PROVINCIAL';
    onlineAmount: string | null;
    legalBasis: string;
  }>;
  requirements: Array<{ id: string; evidence: ref.Evidence; name: string }>;
}

/** From the catalogue: the procedures and each province's fee policies. */
export interface ProcedureFacts {
  procedureList: GeneratedProcedure[];
  policiesOf: Map<string, Array<typeof feePolicies.$inferInsert & { id: number }>>;
}
