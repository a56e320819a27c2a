import {
  bigint,
  date,
  index,
  integer,
  jsonb,
  pgSchema,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

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

/** What a digitised component may be: judged by its bytes, never its name. */
export const scanMediaTypes = ['application/pdf', 'image/jpeg', 'image/png'] as const;

/** Each stored file once, by the SHA-256 of its bytes (the blob store keeps the bytes under that name). */
export const blobs = documents.table('blobs', {
  sha256: text('sha256').primaryKey(),
  mediaType: text('media_type', { enum: scanMediaTypes }).notNull(),
  sizeBytes: integer('size_bytes').notNull(),
  storedAt: tstz('stored_at').notNull(),
});

/** A scan of one requirement of one dossier, made by an officer at reception, reusable by later dossiers. */
export const components = documents.table(
  'components',
  {
    id: text('id').primaryKey(),
    sha256: text('sha256').notNull(),
    /** As the blob's bytes say (kept here too, so that a list of components is one read). */
    mediaType: text('media_type', { enum: scanMediaTypes }).notNull(),
    holderKind: text('holder_kind', { enum: holderKinds }).notNull(),
    holderId: text('holder_id').notNull(),
    dossierCode: text('dossier_code').notNull(),
    requirementId: text('requirement_id').notNull(),
    /** The requirement's name: what a later dossier's requirement must be called to reuse it. */
    requirementName: text('requirement_name').notNull(),
    /** The client that uploaded it (its storage quota). */
    uploadedBy: text('uploaded_by').notNull(),
    uploadedAt: tstz('uploaded_at').notNull(),
    sizeBytes: bigint('size_bytes', { mode: 'number' }).notNull(),
  },
  (t) => [
    uniqueIndex('components_requirement_idx').on(t.dossierCode, t.requirementId),
    index('components_holder_idx').on(t.holderId, t.requirementName),
    index('components_uploader_idx').on(t.uploadedBy, t.uploadedAt),
  ],
);

/** A one-time upload URL: only its secret's hash is kept; used or expired, it opens nothing. */
export const uploadTickets = documents.table('upload_tickets', {
  secretHash: text('secret_hash').primaryKey(),
  clientId: text('client_id').notNull(),
  dossierCode: text('dossier_code').notNull(),
  requirementId: text('requirement_id').notNull(),
  requirementName: text('requirement_name').notNull(),
  holderKind: text('holder_kind', { enum: holderKinds }).notNull(),
  holderId: text('holder_id').notNull(),
  expiresAt: tstz('expires_at').notNull(),
  usedAt: tstz('used_at'),
});

/**
 * A one-time download URL for one scan, opened by a read the population registry granted and logged:
 * only its secret's hash is kept; used or expired, it opens nothing.
 */
export const downloadTickets = documents.table('download_tickets', {
  secretHash: text('secret_hash').primaryKey(),
  clientId: text('client_id').notNull(),
  componentId: text('component_id').notNull(),
  expiresAt: tstz('expires_at').notNull(),
  usedAt: tstz('used_at'),
});
