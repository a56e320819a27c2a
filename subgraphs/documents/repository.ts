import { and, asc, desc, eq, gt, gte, isNotNull, isNull, sql } from 'drizzle-orm';
import {
  blobs,
  components,
  downloadTickets,
  issuedDocuments,
  uploadTickets,
} from '../../drizzle/documents.ts';
import { anyOf } from '../kit/anyOf.ts';
import type { Db } from '../kit/createDb.ts';

export type DocumentRow = typeof issuedDocuments.$inferSelect;
export type NewDocument = typeof issuedDocuments.$inferInsert;
export type ComponentRow = typeof components.$inferSelect;
export type TicketRow = typeof uploadTickets.$inferSelect;

/** All SQL of the documents subgraph. */
export function createDocumentsRepository(db: Db) {
  return {
    documentsByIds: (ids: readonly string[]): Promise<DocumentRow[]> =>
      db.select().from(issuedDocuments).where(anyOf(issuedDocuments.id, ids)),

    documentsByDossiers: (codes: readonly string[]): Promise<DocumentRow[]> =>
      db.select().from(issuedDocuments).where(anyOf(issuedDocuments.dossierCode, codes)),

    /** Every document of the holders (personal IDs or enterprise codes), newest first per holder. */
    documentsOfHolders: (holderIds: readonly string[]): Promise<DocumentRow[]> =>
      db
        .select()
        .from(issuedDocuments)
        .where(anyOf(issuedDocuments.holderId, holderIds))
        .orderBy(issuedDocuments.holderId, desc(issuedDocuments.issuedOn), desc(issuedDocuments.id)),

    /**
     * Stores a dossier's result document, unless that dossier already has one: answers the dossier's
     * document either way (a retried or concurrent issue gets the first).
     */
    async issue(document: NewDocument & { dossierCode: string }): Promise<DocumentRow> {
      await db.insert(issuedDocuments).values(document).onConflictDoNothing();
      const [row] = await db
        .select()
        .from(issuedDocuments)
        .where(eq(issuedDocuments.dossierCode, document.dossierCode));
      if (!row) throw new Error(`the document of dossier ${document.dossierCode} vanished`);
      return row;
    },

    /** Marks a document revoked; null when it was already (or does not exist). */
    async revoke(id: string, reason: string, at: Date): Promise<DocumentRow | null> {
      const [row] = await db
        .update(issuedDocuments)
        .set({ revokedAt: at, revokedReason: reason })
        .where(and(eq(issuedDocuments.id, id), isNull(issuedDocuments.revokedAt)))
        .returning();
      return row ?? null;
    },

    createTicket: async (ticket: typeof uploadTickets.$inferInsert): Promise<void> => {
      await db.insert(uploadTickets).values(ticket);
    },

    /**
     * Uses a ticket once: answers it when it is the client's, unused and unexpired, and marks it used;
     * null otherwise (whoever asks twice, only one gets it).
     */
    async claimTicket(secretHash: string, clientId: string, now: Date): Promise<TicketRow | null> {
      const [row] = await db
        .update(uploadTickets)
        .set({ usedAt: now })
        .where(
          and(
            eq(uploadTickets.secretHash, secretHash),
            eq(uploadTickets.clientId, clientId),
            isNull(uploadTickets.usedAt),
            gt(uploadTickets.expiresAt, now),
          ),
        )
        .returning();
      return row ?? null;
    },

    createDownloadTicket: async (ticket: typeof downloadTickets.$inferInsert): Promise<void> => {
      await db.insert(downloadTickets).values(ticket);
    },

    /** The component a download ticket opens, when it is the client's, unused and unexpired; else null. */
    async downloadable(secretHash: string, clientId: string, now: Date): Promise<ComponentRow | null> {
      const [row] = await db
        .select({ component: components })
        .from(downloadTickets)
        .innerJoin(components, eq(components.id, downloadTickets.componentId))
        .where(
          and(
            eq(downloadTickets.secretHash, secretHash),
            eq(downloadTickets.clientId, clientId),
            isNull(downloadTickets.usedAt),
            gt(downloadTickets.expiresAt, now),
          ),
        );
      return row?.component ?? null;
    },

    /** Uses a download ticket once: false when another request used it first. */
    async claimDownload(secretHash: string, now: Date): Promise<boolean> {
      const used = await db
        .update(downloadTickets)
        .set({ usedAt: now })
        .where(and(eq(downloadTickets.secretHash, secretHash), isNull(downloadTickets.usedAt)))
        .returning({ secretHash: downloadTickets.secretHash });
      return used.length === 1;
    },

    /** Bytes of scans the client uploaded since `since`. */
    async uploadedSince(clientId: string, since: Date): Promise<number> {
      const [row] = await db
        .select({ bytes: sql<number>`coalesce(sum(${components.sizeBytes}), 0)::bigint` })
        .from(components)
        .where(and(eq(components.uploadedBy, clientId), gte(components.uploadedAt, since)));
      return Number(row?.bytes ?? 0);
    },

    /** Stores a scan: its blob once (by hash), and the component of that dossier's requirement (a new scan replaces the old). */
    storeComponent: (
      blob: typeof blobs.$inferInsert,
      component: typeof components.$inferInsert,
    ): Promise<ComponentRow> =>
      db.transaction(async (tx) => {
        await tx.insert(blobs).values(blob).onConflictDoNothing();
        const [row] = await tx
          .insert(components)
          .values(component)
          .onConflictDoUpdate({
            target: [components.dossierCode, components.requirementId],
            set: {
              id: component.id,
              sha256: component.sha256,
              mediaType: component.mediaType,
              sizeBytes: component.sizeBytes,
              uploadedBy: component.uploadedBy,
              uploadedAt: component.uploadedAt,
            },
          })
          .returning();
        if (!row) throw new Error('the stored component vanished');
        return row;
      }),

    componentsByIds: (ids: readonly string[]): Promise<ComponentRow[]> =>
      db.select().from(components).where(anyOf(components.id, ids)),

    componentsOfDossiers: (codes: readonly string[]): Promise<ComponentRow[]> =>
      db
        .select()
        .from(components)
        .where(anyOf(components.dossierCode, codes))
        .orderBy(components.dossierCode, components.requirementId),

    /** Every component of the holders, newest first per holder. */
    componentsOfHolders: (holderIds: readonly string[]): Promise<ComponentRow[]> =>
      db
        .select()
        .from(components)
        .where(anyOf(components.holderId, holderIds))
        .orderBy(components.holderId, desc(components.uploadedAt)),

    revocations: (): Promise<Array<{ id: string; revokedAt: Date | null }>> =>
      db
        .select({ id: issuedDocuments.id, revokedAt: issuedDocuments.revokedAt })
        .from(issuedDocuments)
        .where(isNotNull(issuedDocuments.revokedAt))
        .orderBy(asc(issuedDocuments.revokedAt), asc(issuedDocuments.id)),
  };
}

export type DocumentsRepository = ReturnType<typeof createDocumentsRepository>;
