import { char, date, index, integer, numeric, pgSchema, primaryKey, serial, text } from 'drizzle-orm/pg-core';

/** The administrative-procedure catalogue. Owned by the procedures subgraph alone. */
export const procedures = pgSchema('procedures');

export const onlineServices = ['NONE', 'PARTIAL', 'FULL'] as const;
export const governmentLevels = ['CENTRAL', 'PROVINCE', 'COMMUNE'] as const;
export const evidenceSources = [
  'CITIZEN_REGISTRY',
  'HOUSEHOLD_REGISTRY',
  'BUSINESS_REGISTRY',
  'PRIOR_RESULT',
  /** The application form itself: an e-form when filed online, paper at the counter. */
  'FORM',
  'PAPER',
] as const;
export const channels = ['ONLINE', 'IN_PERSON', 'POSTAL'] as const;
export const feeKinds = ['FEE', 'CHARGE'] as const;
/** Who sets a fee item: the Ministry of Finance (NATIONAL) or the provincial council within its power. */
export const feeAuthorities = ['NATIONAL', 'PROVINCIAL'] as const;

export const agencies = procedures.table('agencies', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  provinceCode: char('province_code', { length: 2 }),
  /** The tier it serves: a ministry (CENTRAL), a province's centre or department, a commune's service point. */
  level: text('level', { enum: governmentLevels }).notNull().default('PROVINCE'),
  /** The ward or commune a commune-level service point serves. */
  wardCode: char('ward_code', { length: 5 }),
});

export const procedureCatalogue = procedures.table(
  'procedures',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    /** Lower-case, diacritics removed: what searches match against. */
    searchText: text('search_text').notNull(),
    sector: text('sector').notNull(),
    agencyCode: text('agency_code').notNull(),
    level: text('level', { enum: governmentLevels }).notNull(),
    onlineService: text('online_service', { enum: onlineServices }).notNull(),
    processingDays: integer('processing_days').notNull(),
  },
  (t) => [index('procedures_agency_idx').on(t.agencyCode), index('procedures_sector_idx').on(t.sector)],
);

export const fees = procedures.table(
  'fees',
  {
    procedureCode: text('procedure_code').notNull(),
    position: integer('position').notNull(),
    kind: text('kind', { enum: feeKinds }).notNull(),
    amount: numeric('amount', { precision: 20, scale: 0 }).notNull(),
    description: text('description').notNull(),
    authority: text('authority', { enum: feeAuthorities }).notNull().default('NATIONAL'),
    /** The national online rate, where a circular sets one (null: the same online). */
    onlineAmount: numeric('online_amount', { precision: 20, scale: 0 }),
    legalBasis: text('legal_basis').notNull().default(''),
  },
  (t) => [primaryKey({ columns: [t.procedureCode, t.position] })],
);

export const requirements = procedures.table(
  'requirements',
  {
    id: text('id').primaryKey(),
    procedureCode: text('procedure_code').notNull(),
    position: integer('position').notNull(),
    name: text('name').notNull(),
    originals: integer('originals').notNull(),
    copies: integer('copies').notNull(),
    evidence: text('evidence', { enum: evidenceSources }).notNull(),
  },
  (t) => [index('requirements_procedure_idx').on(t.procedureCode, t.position)],
);

export const feePolicies = procedures.table(
  'fee_policies',
  {
    id: serial('id').primaryKey(),
    provinceCode: char('province_code', { length: 2 }).notNull(),
    channel: text('channel', { enum: channels }).notNull(),
    discountPercent: integer('discount_percent').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    legalBasis: text('legal_basis').notNull(),
  },
  (t) => [index('fee_policies_province_idx').on(t.provinceCode, t.channel)],
);
