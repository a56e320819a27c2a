import { and, asc, desc, eq, gte, like, lt, notInArray, sql, type SQL } from 'drizzle-orm';
import {
  dossierCodeReservations,
  dossierEvents,
  dossierEvidence,
  dossiers,
  dossierSequences,
  dossierSubmissions,
  type DossierStatus,
} from '../../drizzle/dossiers.ts';
import { anyOf } from '../kit/anyOf.ts';
import { appendChange, changeKindOf, createOutboxReader } from './outbox.ts';
import { createWebhookStore } from './webhookStore.ts';
import { dossierCodeOf, maxDailySequence } from '../../runtime/dossierCode.ts';
import type { Db } from '../kit/createDb.ts';
import type { PageRequest } from '../kit/pagination.ts';
import { notOverdueStatuses } from './lifecycle.ts';
import type { DossierReach } from './reach.ts';

export type DossierRow = typeof dossiers.$inferSelect;
/** A dossier as trackDossier answers it: `disclosed` when the lookup secret was given (procedure and agency). */
export type TrackedDossier = DossierRow & { disclosed: boolean };
export type DossierEventRow = typeof dossierEvents.$inferSelect;
export type EvidenceRow = typeof dossierEvidence.$inferSelect;
export type SubmissionRow = typeof dossierSubmissions.$inferSelect;

/** A new dossier as submitDossier planned it; the code is completed here with the day's sequence. */
export interface NewDossier {
  dossier: Omit<typeof dossiers.$inferInsert, 'code'>;
  /** yymmdd of the received date, Vietnam time. */
  day: string;
  evidence: Array<Omit<typeof dossierEvidence.$inferInsert, 'dossierCode'>>;
  event: Omit<typeof dossierEvents.$inferInsert, 'dossierCode'>;
  submission: Omit<typeof dossierSubmissions.$inferInsert, 'dossierCode'>;
}

/** Thrown inside the submission transaction to roll it back when another request owns the key. */
class DuplicateKey extends Error {}
/** The code a sequence number makes is held already (an imported dossier): take the next number. */
class CodeTaken extends Error {}
/** An agency's day has used every sequence number a code can carry. */
export class SequenceExhausted extends Error {}

export interface WorklistFilter {
  status?: DossierStatus | null;
  procedureCode?: string | null;
  provinceCode?: string | null;
  agencyCode?: string | null;
  overdue?: boolean | null;
}

export interface StatisticsFilter {
  /** Vietnam calendar dates, inclusive. */
  from?: string | null;
  to?: string | null;
  provinceCode?: string | null;
  agencyCode?: string | null;
  procedureCode?: string | null;
}

export type Applicant = 'citizen' | 'business';

/** The SQL twin of lifecycle.isOverdue; a test checks that both agree. */
const overdueSql = sql`(${notInArray(dossiers.status, [...notOverdueStatuses])} and coalesce(${dossiers.completedAt}, now()) > ${dossiers.dueAt})`;

/** The SQL twin of reach.withinReach. */
const reachSql = (reach: DossierReach): SQL =>
  reach.kind === 'all'
    ? sql`true`
    : reach.kind === 'agency'
      ? eq(dossiers.agencyCode, reach.agencyCode)
      : reach.kind === 'province'
        ? // The province's own agencies (not a ministry's dossiers filed there): the index on province first.
          sql`${eq(dossiers.provinceCode, reach.provinceCode)} and ${like(dossiers.agencyCode, `%.${reach.suffix}`)}`
        : reach.kind === 'applicant'
          ? eq(dossiers.applicantPersonalId, reach.personalId)
          : sql`false`;

/** Newest first, by received time then code: the worklist order, with a keyset cursor. */
const newestFirst = [desc(dossiers.receivedAt), desc(dossiers.code)];
const afterKey = (page: PageRequest): SQL | undefined => {
  if (!page.after) return undefined;
  const [receivedAt = '', code = ''] = page.after;
  return sql`(${dossiers.receivedAt}, ${dossiers.code}) < (${receivedAt}::timestamptz, ${code})`;
};
export const dossierCursor = (row: DossierRow) => [row.receivedAt.toISOString(), row.code];

/** Midnight in Vietnam at the start of a date (or of the day after it, for an inclusive end). */
const vietnamMidnight = (date: string, dayAfter = false) =>
  sql`(((${date}::date + ${dayAfter ? 1 : 0}::int)::timestamp - interval '7 hours') at time zone 'UTC')`;

const statisticsColumns = {
  total: sql<number>`count(*)::int`,
  online: sql<number>`count(*) filter (where ${dossiers.channel} = 'ONLINE')::int`,
  fullyOnline: sql<number>`count(*) filter (where ${dossiers.fullyOnline})::int`,
  completedOnTime: sql<number>`count(*) filter (where ${dossiers.completedAt} <= ${dossiers.dueAt})::int`,
  completedLate: sql<number>`count(*) filter (where ${dossiers.completedAt} > ${dossiers.dueAt})::int`,
  overdue: sql<number>`count(*) filter (where ${overdueSql})::int`,
  averageRating: sql<number | null>`avg(${dossiers.ratingScore})::float8`,
  ratings: sql<number>`count(${dossiers.ratingScore})::int`,
};

/** All SQL of the dossiers subgraph. */
export function createDossiersRepository(db: Db) {
  const worklistWhere = (f: WorklistFilter): SQL | undefined =>
    and(
      f.status ? eq(dossiers.status, f.status) : undefined,
      f.procedureCode ? eq(dossiers.procedureCode, f.procedureCode) : undefined,
      f.provinceCode ? eq(dossiers.provinceCode, f.provinceCode) : undefined,
      f.agencyCode ? eq(dossiers.agencyCode, f.agencyCode) : undefined,
      f.overdue === true ? overdueSql : f.overdue === false ? sql`not ${overdueSql}` : undefined,
    );

  const statisticsWhere = (f: StatisticsFilter): SQL | undefined =>
    and(
      f.from ? gte(dossiers.receivedAt, vietnamMidnight(f.from)) : undefined,
      f.to ? lt(dossiers.receivedAt, vietnamMidnight(f.to, true)) : undefined,
      f.provinceCode ? eq(dossiers.provinceCode, f.provinceCode) : undefined,
      f.agencyCode ? eq(dossiers.agencyCode, f.agencyCode) : undefined,
      f.procedureCode ? eq(dossiers.procedureCode, f.procedureCode) : undefined,
    );

  /** Requirement counts per dossier, from its evidence rows (index on the evidence primary key). */
  const evidenceCounts = db
    .select({
      total: sql<number>`count(*)`.as('requirements_total'),
      paperless: sql<number>`count(*) filter (where ${dossierEvidence.source} <> 'PAPER')`.as(
        'requirements_paperless',
      ),
    })
    .from(dossierEvidence)
    .where(eq(dossierEvidence.dossierCode, dossiers.code))
    .as('evidence_counts');

  const statisticsSelect = {
    ...statisticsColumns,
    paperlessRequirements: sql<number>`coalesce(sum(${evidenceCounts.paperless}), 0)::int`,
    totalRequirements: sql<number>`coalesce(sum(${evidenceCounts.total}), 0)::int`,
  };

  const applicantColumn = (who: Applicant) =>
    who === 'citizen' ? dossiers.applicantPersonalId : dossiers.applicantEnterpriseCode;

  return {
    ...createOutboxReader(db),
    ...createWebhookStore(db),
    dossiersByCodes: (codes: readonly string[]): Promise<DossierRow[]> =>
      db.select().from(dossiers).where(anyOf(dossiers.code, codes)),

    worklist: (filter: WorklistFilter, reach: DossierReach, page: PageRequest): Promise<DossierRow[]> =>
      db
        .select()
        .from(dossiers)
        .where(and(reachSql(reach), worklistWhere(filter), afterKey(page)))
        .orderBy(...newestFirst)
        .limit(page.first + 1),

    countWorklist: async (filter: WorklistFilter, reach: DossierReach): Promise<number> => {
      const [row] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(dossiers)
        .where(and(reachSql(reach), worklistWhere(filter)));
      return row?.n ?? 0;
    },

    /**
     * One page of dossiers for each of several applicants in one statement: rows numbered per
     * applicant in worklist order, keeping page.first + 1 of each.
     */
    pagesByApplicant: async (
      who: Applicant,
      keys: readonly string[],
      status: DossierStatus | null | undefined,
      reach: DossierReach,
      page: PageRequest,
    ): Promise<Array<DossierRow & { applicantKey: string }>> => {
      const column = applicantColumn(who);
      const numbered = db
        .select({
          row: sql<number>`row_number() over (partition by ${column} order by ${dossiers.receivedAt} desc, ${dossiers.code} desc)`.as(
            'row_number',
          ),
          code: dossiers.code,
        })
        .from(dossiers)
        .where(
          and(
            anyOf(column, keys),
            reachSql(reach),
            status ? eq(dossiers.status, status) : undefined,
            afterKey(page),
          ),
        )
        .as('numbered');
      const rows = await db
        .select({ dossier: dossiers })
        .from(numbered)
        .innerJoin(dossiers, eq(dossiers.code, numbered.code))
        .where(sql`${numbered.row} <= ${page.first + 1}`)
        .orderBy(...newestFirst);
      return rows.map(({ dossier }) => ({
        ...dossier,
        applicantKey:
          (who === 'citizen' ? dossier.applicantPersonalId : dossier.applicantEnterpriseCode) ?? '',
      }));
    },

    countsByApplicant: (
      who: Applicant,
      keys: readonly string[],
      status: DossierStatus | null | undefined,
      reach: DossierReach,
    ) => {
      const column = applicantColumn(who);
      return db
        .select({ key: sql<string>`${column}`, n: sql<number>`count(*)::int` })
        .from(dossiers)
        .where(and(anyOf(column, keys), reachSql(reach), status ? eq(dossiers.status, status) : undefined))
        .groupBy(column);
    },

    eventsOf: (codes: readonly string[]): Promise<DossierEventRow[]> =>
      db
        .select()
        .from(dossierEvents)
        .where(anyOf(dossierEvents.dossierCode, codes))
        .orderBy(dossierEvents.dossierCode, asc(dossierEvents.at), asc(dossierEvents.id)),

    evidenceOf: (codes: readonly string[]): Promise<EvidenceRow[]> =>
      db
        .select()
        .from(dossierEvidence)
        .where(anyOf(dossierEvidence.dossierCode, codes))
        .orderBy(dossierEvidence.dossierCode, dossierEvidence.requirementId),

    findSubmission: async (clientId: string, idempotencyKey: string): Promise<SubmissionRow | null> => {
      const [row] = await db
        .select()
        .from(dossierSubmissions)
        .where(
          and(
            eq(dossierSubmissions.clientId, clientId),
            eq(dossierSubmissions.idempotencyKey, idempotencyKey),
          ),
        );
      return row ?? null;
    },

    /**
     * Counts a paper requirement as digitised by the component scanned for it (again, for a new scan);
     * a requirement met otherwise (a registry, an e-document) is left as it is. The row either way; null
     * when the dossier has no such requirement.
     */
    async markDigitised(
      dossierCode: string,
      requirementId: string,
      componentId: string,
    ): Promise<EvidenceRow | null> {
      const where = and(
        eq(dossierEvidence.dossierCode, dossierCode),
        eq(dossierEvidence.requirementId, requirementId),
      );
      const [changed] = await db
        .update(dossierEvidence)
        .set({ source: 'DIGITISED', componentId, paperReason: null })
        .where(and(where, sql`${dossierEvidence.source} in ('PAPER', 'DIGITISED')`))
        .returning();
      if (changed) return changed;
      const [row] = await db.select().from(dossierEvidence).where(where);
      return row ?? null;
    },

    /** The applicant's most recently finished dossier (a result that can be reused), or null. */
    latestResultOf: async (applicant: { personalId?: string | null; enterpriseCode?: string | null }) => {
      const [row] = await db
        .select({ code: dossiers.code })
        .from(dossiers)
        .where(
          and(
            applicant.personalId
              ? eq(dossiers.applicantPersonalId, applicant.personalId)
              : eq(dossiers.applicantEnterpriseCode, applicant.enterpriseCode ?? ''),
            sql`${dossiers.status} in ('COMPLETED', 'RESULT_RETURNED')`,
          ),
        )
        .orderBy(desc(dossiers.completedAt))
        .limit(1);
      return row?.code ?? null;
    },

    /**
     * Writes a submission: first the day's next sequence number, in one atomic upsert of its own (so
     * the agency's counter is held for one statement, not across the submission, and one agency's
     * submissions run side by side; a failed submission leaves a gap in the day's numbers), then in one
     * transaction the idempotency key, the dossier, its first event and its evidence. A code that is
     * already taken (a dossier imported with today's code before its counter knew it) is answered with
     * the next number. Answers 'duplicate' (and writes nothing) when another request holds the key.
     */
    setLookupSecretHash: async (code: string, hash: string): Promise<void> => {
      await db.update(dossiers).set({ lookupSecretHash: hash }).where(eq(dossiers.code, code));
    },

    /**
     * The day's next dossier code of an agency, taken before the submission reads anyone's record (so
     * that those reads are bound to it): one atomic upsert of the agency's counter.
     */
    takeDossierCode: async (
      agencyCode: string,
      day: string,
      reservation?: { clientId: string; idempotencyKey: string },
    ): Promise<string> => {
      const held = async () =>
        reservation
          ? (
              await db
                .select({ code: dossierCodeReservations.dossierCode })
                .from(dossierCodeReservations)
                .where(
                  and(
                    eq(dossierCodeReservations.clientId, reservation.clientId),
                    eq(dossierCodeReservations.idempotencyKey, reservation.idempotencyKey),
                  ),
                )
            )[0]?.code
          : undefined;
      // A submission sent again takes the code its first attempt took.
      const before = await held();
      if (before) return before;
      const [sequence] = await db
        .insert(dossierSequences)
        .values({ agencyCode, day, last: 1 })
        .onConflictDoUpdate({
          target: [dossierSequences.agencyCode, dossierSequences.day],
          set: { last: sql`${dossierSequences.last} + 1` },
        })
        .returning({ last: dossierSequences.last });
      const next = sequence?.last ?? 0;
      if (next > maxDailySequence) throw new SequenceExhausted();
      const code = dossierCodeOf(agencyCode, day, next);
      if (!reservation) return code;
      const [reserved] = await db
        .insert(dossierCodeReservations)
        .values({ ...reservation, dossierCode: code, createdAt: new Date() })
        .onConflictDoNothing()
        .returning({ code: dossierCodeReservations.dossierCode });
      // Another attempt of the same submission reserved first: its code (this number is a gap).
      return reserved?.code ?? (await held()) ?? code;
    },

    /** Writes a submission under the code taken for it (or the next free one, should it be held already). */
    createDossier: async (plan: NewDossier, taken: string): Promise<DossierRow | 'duplicate'> => {
      for (let attempt = 1; ; attempt += 1) {
        const code =
          attempt === 1
            ? taken
            : await createDossiersRepository(db).takeDossierCode(plan.dossier.agencyCode, plan.day);
        try {
          return await db.transaction(async (tx) => {
            const claimed = await tx
              .insert(dossierSubmissions)
              .values({ ...plan.submission, dossierCode: code })
              .onConflictDoNothing()
              .returning({ code: dossierSubmissions.dossierCode });
            if (claimed.length === 0) throw new DuplicateKey();
            const [row] = await tx
              .insert(dossiers)
              .values({ ...plan.dossier, code })
              .onConflictDoNothing()
              .returning();
            if (!row) throw new CodeTaken();
            await tx.insert(dossierEvents).values({ ...plan.event, dossierCode: code });
            if (plan.evidence.length > 0)
              await tx
                .insert(dossierEvidence)
                .values(plan.evidence.map((e) => ({ ...e, dossierCode: code })));
            await appendChange(tx, row, 'SUBMITTED', row.receivedAt);
            return row;
          });
        } catch (error) {
          if (error instanceof DuplicateKey) return 'duplicate';
          if (error instanceof CodeTaken && attempt < 100) continue;
          throw error;
        }
      }
    },

    /**
     * Applies a status change if the dossier is still at `expectedVersion` (optimistic concurrency):
     * the row and its history event in one transaction. Null when another change won.
     */
    transition: (
      code: string,
      expectedVersion: number,
      patch: Partial<typeof dossiers.$inferInsert>,
      event: Omit<typeof dossierEvents.$inferInsert, 'dossierCode'>,
    ): Promise<DossierRow | null> =>
      db.transaction(async (tx) => {
        const [row] = await tx
          .update(dossiers)
          .set({ ...patch, version: expectedVersion + 1 })
          .where(and(eq(dossiers.code, code), eq(dossiers.version, expectedVersion)))
          .returning();
        if (!row) return null;
        await tx.insert(dossierEvents).values({ ...event, dossierCode: code });
        await appendChange(tx, row, changeKindOf(event.fromStatus ?? null, event.toStatus), event.at);
        return row;
      }),

    /** Records a rating if the dossier has none yet; null when it already had one. */
    rate: async (code: string, score: number, comment: string | null, at: Date): Promise<DossierRow | null> =>
      db.transaction(async (tx) => {
        const [row] = await tx
          .update(dossiers)
          .set({
            ratingScore: score,
            ratingComment: comment,
            ratedAt: at,
            version: sql`${dossiers.version} + 1`,
          })
          .where(and(eq(dossiers.code, code), sql`${dossiers.ratingScore} is null`))
          .returning();
        if (!row) return null;
        await appendChange(tx, row, 'RATED', at);
        return row;
      }),

    statistics: async (filter: StatisticsFilter) => {
      const [row] = await db
        .select(statisticsSelect)
        .from(dossiers)
        .leftJoinLateral(evidenceCounts, sql`true`)
        .where(statisticsWhere(filter));
      return row ?? null;
    },

    /** The figures per province or per agency, in one grouped statement, largest first. */
    statisticsGrouped: async (by: 'PROVINCE' | 'AGENCY', filter: StatisticsFilter) => {
      const column = by === 'PROVINCE' ? dossiers.provinceCode : dossiers.agencyCode;
      const rows = await db
        .select({ key: sql<string>`${column}`, ...statisticsSelect })
        .from(dossiers)
        .leftJoinLateral(evidenceCounts, sql`true`)
        .where(statisticsWhere(filter))
        .groupBy(column)
        .orderBy(sql`count(*) desc`, column);
      return rows.map(({ key, ...statistics }) => ({ key, statistics }));
    },

    /** The same figures for each of several procedures, in one grouped statement. */
    statisticsByProcedure: (codes: readonly string[], filter: StatisticsFilter) =>
      db
        .select({ procedureCode: dossiers.procedureCode, ...statisticsSelect })
        .from(dossiers)
        .leftJoinLateral(evidenceCounts, sql`true`)
        .where(and(anyOf(dossiers.procedureCode, codes), statisticsWhere(filter)))
        .groupBy(dossiers.procedureCode),
  };
}

export type DossiersRepository = ReturnType<typeof createDossiersRepository>;
/** The figures over a set of dossiers, as counted (before suppressSmallCells). */
export interface StatisticsRow {
  total: number;
  online: number;
  fullyOnline: number;
  completedOnTime: number;
  completedLate: number;
  overdue: number;
  paperlessRequirements: number;
  totalRequirements: number;
  averageRating: number | null;
  ratings: number;
}

export const emptyStatistics: StatisticsRow = {
  total: 0,
  online: 0,
  fullyOnline: 0,
  completedOnTime: 0,
  completedLate: 0,
  overdue: 0,
  paperlessRequirements: 0,
  totalRequirements: 0,
  averageRating: null,
  ratings: 0,
};
