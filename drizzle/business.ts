import { boolean, char, date, index, jsonb, numeric, pgSchema, primaryKey, text } from 'drizzle-orm/pg-core';
import type { AddressValue } from './addressValue.ts';

/** The national business registration database. Owned by the business subgraph alone. */
export const business = pgSchema('business');

export const legalForms = [
  'SINGLE_MEMBER_LLC',
  'MULTI_MEMBER_LLC',
  'JOINT_STOCK',
  'PARTNERSHIP',
  'PRIVATE_ENTERPRISE',
] as const;
export const businessStatuses = [
  'ACTIVE',
  'SUSPENDED',
  'NOT_AT_ADDRESS',
  'DISSOLVING',
  'DISSOLVED',
  'BANKRUPT',
  'REVOKED',
] as const;

export const businesses = business.table(
  'businesses',
  {
    enterpriseCode: text('enterprise_code').primaryKey(),
    name: text('name').notNull(),
    /** Vietnamese, foreign and short names folded by searchText(): what name searches match, alike on PGlite and PostgreSQL. */
    searchName: text('search_name').notNull(),
    foreignName: text('foreign_name'),
    shortName: text('short_name'),
    legalForm: text('legal_form', { enum: legalForms }).notNull(),
    status: text('status', { enum: businessStatuses }).notNull(),
    foundedOn: date('founded_on', { mode: 'string' }).notNull(),
    headOffice: jsonb('head_office').$type<AddressValue>().notNull(),
    provinceCode: char('province_code', { length: 2 }).notNull(),
    charterCapital: numeric('charter_capital', { precision: 20, scale: 0 }).notNull(),
  },
  (t) => [index('businesses_province_idx').on(t.provinceCode), index('businesses_status_idx').on(t.status)],
);

export const legalRepresentatives = business.table(
  'legal_representatives',
  {
    enterpriseCode: text('enterprise_code').notNull(),
    personalId: char('personal_id', { length: 12 }).notNull(),
    position: text('position').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.enterpriseCode, t.personalId] }),
    index('legal_representatives_person_idx').on(t.personalId),
  ],
);

export const businessIndustries = business.table(
  'business_industries',
  {
    enterpriseCode: text('enterprise_code').notNull(),
    code: char('code', { length: 4 }).notNull(),
    name: text('name').notNull(),
    main: boolean('main').notNull(),
  },
  (t) => [primaryKey({ columns: [t.enterpriseCode, t.code] })],
);
