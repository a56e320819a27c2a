import { date, index, jsonb, pgSchema, text, timestamp } from 'drizzle-orm/pg-core';

/** The e-document store: results issued as signed e-documents. Owned by the documents subgraph alone. */
export const documents = pgSchema('documents');

/** Who holds a document: a citizen (by personal ID) or an enterprise (by enterprise code). */
export const holderKinds = ['CITIZEN', 'BUSINESS'] as const;

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const issuedDocuments = documents.table(
  'documents',
  {
    /** A UUID: also the JWS's jti, what verification looks up. */
    id: text('id').primaryKey(),
    typeCode: text('type_code').notNull(),
    number: text('number').notNull().unique(),
    holderKind: text('holder_kind', { enum: holderKinds }).notNull(),
    /** The personal ID or the enterprise code, as holderKind says. */
    holderId: text('holder_id').notNull(),
    issuerCode: text('issuer_code').notNull(),
    /** The dossier whose result it is: one document per dossier. */
    dossierCode: text('dossier_code').unique(),
    issuedOn: date('issued_on', { mode: 'string' }).notNull(),
    validUntil: date('valid_until', { mode: 'string' }),
    content: jsonb('content').$type<Record<string, unknown>>().notNull(),
    /** The JWS (compact serialisation) the issuer signed: what the holder presents. */
    signed: text('signed').notNull(),
    revokedAt: tstz('revoked_at'),
    revokedReason: text('revoked_reason'),
  },
  (t) => [index('documents_holder_idx').on(t.holderId, t.typeCode)],
);
