import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  check,
  char,
  index,
  integer,
  numeric,
  pgSchema,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/** The one-stop-shop dossier records. Owned by the dossiers subgraph alone. */
export const dossiersSchema = pgSchema('dossiers');

export const dossierStatuses = [
  'SUBMITTED',
  'RECEIVED',
  'NOT_ACCEPTED',
  'IN_PROGRESS',
  'SUPPLEMENT_REQUESTED',
  'PAYMENT_REQUIRED',
  'WITHDRAWN',
  'STOPPED',
  'COMPLETED',
  'RESULT_RETURNED',
] as const;
export type DossierStatus = (typeof dossierStatuses)[number];

const tstz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const dossiers = dossiersSchema.table(
  'dossiers',
  {
    code: text('code').primaryKey(),
    procedureCode: text('procedure_code').notNull(),
    applicantPersonalId: char('applicant_personal_id', { length: 12 }),
    applicantEnterpriseCode: text('applicant_enterprise_code'),
    agencyCode: text('agency_code').notNull(),
    provinceCode: char('province_code', { length: 2 }).notNull(),
    channel: text('channel', { enum: ['ONLINE', 'IN_PERSON', 'POSTAL'] }).notNull(),
    /** Frozen at submission: the procedure was offered fully online and filed online. */
    fullyOnline: boolean('fully_online').notNull(),
    status: text('status', { enum: dossierStatuses }).notNull(),
    version: integer('version').notNull().default(1),
    receivedAt: tstz('received_at').notNull(),
    dueAt: tstz('due_at').notNull(),
    completedAt: tstz('completed_at'),
    feeAmountDue: numeric('fee_amount_due', { precision: 20, scale: 0 }).notNull(),
    feeDiscountPercent: smallint('fee_discount_percent').notNull(),
    feePaid: boolean('fee_paid').notNull().default(false),
    feePaidAt: tstz('fee_paid_at'),
    /** The client (or citizen) that submitted it: may rate it, and its idempotency keys are its own. */
    submittedBy: text('submitted_by'),
    /** The national databases consulted at submission for once-only evidence (population, business). */
    consultedRegistries: text('consulted_registries')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    /** Set while a supplement request stops the clock; the due date moves on when processing resumes. */
    clockStoppedAt: tstz('clock_stopped_at'),
    ratingScore: smallint('rating_score'),
    ratingComment: text('rating_comment'),
    ratedAt: tstz('rated_at'),
    /**
     * SHA-256 of the receipt's lookup secret (submitDossier gives it once): with it trackDossier tells
     * the procedure and the agency too. Never the secret itself; null for dossiers filed before it.
     */
    lookupSecretHash: text('lookup_secret_hash'),
  },
  (t) => [
    // Each list is newest first with the code as tie-break (received_at desc, code desc): an index that
    // holds the whole order lets a page be read straight off it. With received_at alone, PostgreSQL
    // walked the newest dossiers of every agency to fill one agency's page: one busy agency (84,000
    // dossiers in a day) made every other agency's worklist scan past all of them.
    index('dossiers_worklist_idx').on(t.agencyCode, t.receivedAt, t.code),
    index('dossiers_procedure_idx').on(t.procedureCode, t.receivedAt, t.code),
    index('dossiers_province_idx').on(t.provinceCode, t.receivedAt, t.code),
    index('dossiers_received_idx').on(t.receivedAt, t.code),
    index('dossiers_citizen_idx').on(t.applicantPersonalId),
    index('dossiers_business_idx').on(t.applicantEnterpriseCode),
  ],
);

/** Per-agency daily sequence numbers for dossier codes, taken with one atomic upsert. */
export const dossierSequences = dossiersSchema.table(
  'dossier_sequences',
  {
    agencyCode: text('agency_code').notNull(),
    day: char('day', { length: 6 }).notNull(),
    last: integer('last').notNull(),
  },
  (t) => [primaryKey({ columns: [t.agencyCode, t.day] })],
);

/** Idempotency keys of submissions, per client: the same key and payload give back the same dossier. */
export const dossierSubmissions = dossiersSchema.table(
  'dossier_submissions',
  {
    clientId: text('client_id').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    payloadHash: text('payload_hash').notNull(),
    dossierCode: text('dossier_code').notNull(),
    createdAt: tstz('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.idempotencyKey] })],
);

/**
 * The code a submission took before it read the registries (so that those reads are bound to it): a
 * submission sent again with the same key, after a lost answer, takes the same code, so that its reads
 * stay one case and one access record per request.
 */
export const dossierCodeReservations = dossiersSchema.table(
  'dossier_code_reservations',
  {
    clientId: text('client_id').notNull(),
    idempotencyKey: text('idempotency_key').notNull(),
    dossierCode: text('dossier_code').notNull(),
    createdAt: tstz('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.clientId, t.idempotencyKey] })],
);

export const dossierEvents = dossiersSchema.table(
  'dossier_events',
  {
    id: serial('id').primaryKey(),
    dossierCode: text('dossier_code').notNull(),
    at: tstz('at').notNull(),
    fromStatus: text('from_status', { enum: dossierStatuses }),
    toStatus: text('to_status', { enum: dossierStatuses }).notNull(),
    actor: text('actor').notNull(),
    note: text('note'),
  },
  (t) => [index('dossier_events_dossier_idx').on(t.dossierCode, t.at)],
);

export const dossierEvidence = dossiersSchema.table(
  'dossier_evidence',
  {
    dossierCode: text('dossier_code').notNull(),
    requirementId: text('requirement_id').notNull(),
    source: text('source', {
      enum: [
        'CITIZEN_REGISTRY',
        'HOUSEHOLD_REGISTRY',
        'BUSINESS_REGISTRY',
        'PRIOR_RESULT',
        'E_DOCUMENT',
        'DIGITISED',
        'FORM',
        'PAPER',
      ],
    }).notNull(),
    citizenId: char('citizen_id', { length: 12 }),
    enterpriseCode: text('enterprise_code'),
    priorDossierCode: text('prior_dossier_code'),
    /** E_DOCUMENT: the e-document of the documents subgraph that met the requirement. */
    documentId: text('document_id'),
    /** DIGITISED: the scan (documents subgraph) of this or an earlier dossier's paper that met it. */
    componentId: text('component_id'),
    /**
     * PAPER although a document of an accepted type is held: DOCUMENT_REVOKED or DOCUMENT_EXPIRED (the
     * applicant's newest such document was); null otherwise.
     */
    paperReason: text('paper_reason', { enum: ['DOCUMENT_REVOKED', 'DOCUMENT_EXPIRED'] }),
  },
  (t) => [primaryKey({ columns: [t.dossierCode, t.requirementId] })],
);

/** What a change to a dossier was, as the status sync tells it. */
export const dossierChangeKinds = [
  'SUBMITTED',
  'STATUS_CHANGED',
  'SUPPLEMENT_REQUESTED',
  'SUPPLEMENT_PROVIDED',
  'PAYMENT_REQUIRED',
  'PAID',
  'RATED',
] as const;
export type DossierChangeKind = (typeof dossierChangeKinds)[number];

/**
 * The transactional outbox: one row per change of a dossier, written in the change's own transaction
 * (no change without its event, no event without its change). `id` is the position in commit order
 * (writers take one transaction lock before inserting, so ids are handed out in the order the
 * transactions commit); `sequence` is the dossier's version after the change, gap-free per dossier.
 */
export const dossierOutbox = dossiersSchema.table(
  'dossier_outbox',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    dossierCode: text('dossier_code').notNull(),
    sequence: integer('sequence').notNull(),
    kind: text('kind', { enum: dossierChangeKinds }).notNull(),
    status: text('status', { enum: dossierStatuses }).notNull(),
    at: tstz('at').notNull(),
    agencyCode: text('agency_code').notNull(),
    provinceCode: char('province_code', { length: 2 }).notNull(),
    procedureCode: text('procedure_code').notNull(),
    channel: text('channel', { enum: ['ONLINE', 'IN_PERSON', 'POSTAL'] }).notNull(),
    dueAt: tstz('due_at').notNull(),
    /** Kept to filter a citizen's own events and for subscribers allowed to know who applied. */
    applicantPersonalId: char('applicant_personal_id', { length: 12 }),
    applicantEnterpriseCode: text('applicant_enterprise_code'),
    feeAmountDue: numeric('fee_amount_due', { precision: 20, scale: 0 }).notNull(),
    feePaid: boolean('fee_paid').notNull(),
    ratingScore: smallint('rating_score'),
  },
  (t) => [
    index('dossier_outbox_dossier_idx').on(t.dossierCode, t.sequence),
    index('dossier_outbox_agency_idx').on(t.agencyCode, t.id),
    index('dossier_outbox_province_idx').on(t.provinceCode, t.id),
    index('dossier_outbox_citizen_idx').on(t.applicantPersonalId, t.id),
    index('dossier_outbox_at_idx').on(t.at),
  ],
);

/**
 * The outbox's epoch: a random name made once per database (by its migration), so that change ids
 * ("<epoch>-<position>") are unique across deployments and across a database made anew, where
 * positions start again at 1. A consumer that drops ids it has seen never drops a real change.
 */
export const outboxEpoch = dossiersSchema.table(
  'outbox_epoch',
  {
    single: boolean('single').primaryKey().default(true),
    epoch: text('epoch').notNull(),
  },
  (t) => [check('outbox_epoch_single', sql`${t.single}`)],
);

/**
 * Who is told of each change by webhook (Standard Webhooks): where, signed with which secret, which
 * changes (an agency's, a province's, or all), and how far delivery got. A worker holds a subscriber
 * by its lease while it delivers; several workers share the table without delivering anything twice.
 */
export const webhookSubscribers = dossiersSchema.table('webhook_subscribers', {
  id: text('id').primaryKey(),
  url: text('url').notNull(),
  /** The signing secret (`whsec_…`): needed in the clear to sign, like any HMAC key. */
  secret: text('secret').notNull(),
  agencyCode: text('agency_code'),
  provinceCode: char('province_code', { length: 2 }),
  /** Whether the applicant's identifier goes with each change (a subscriber registered with dossier:read:all). */
  includeApplicant: boolean('include_applicant').notNull().default(false),
  /** The outbox id of the last change delivered (or parked). */
  delivered: bigint('delivered', { mode: 'number' }).notNull().default(0),
  attempts: integer('attempts').notNull().default(0),
  /** Since when the change at the head has failed: after 3 days it is parked as a dead letter. */
  failingSince: tstz('failing_since'),
  nextAttemptAt: tstz('next_attempt_at').notNull().defaultNow(),
  lastError: text('last_error'),
  leasedUntil: tstz('leased_until'),
  createdBy: text('created_by').notNull(),
  createdAt: tstz('created_at').notNull().defaultNow(),
});

/** Changes a subscriber never accepted within 3 days: listed and replayed by an operator. */
export const webhookDeadLetters = dossiersSchema.table(
  'webhook_dead_letters',
  {
    id: serial('id').primaryKey(),
    subscriberId: text('subscriber_id').notNull(),
    eventId: bigint('event_id', { mode: 'number' }).notNull(),
    attempts: integer('attempts').notNull(),
    lastError: text('last_error'),
    parkedAt: tstz('parked_at').notNull(),
    replayedAt: tstz('replayed_at'),
  },
  (t) => [index('webhook_dead_letters_subscriber_idx').on(t.subscriberId, t.id)],
);
