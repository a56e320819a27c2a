import { and, asc, desc, eq, isNotNull, isNull } from 'drizzle-orm';
import { issuedDocuments } from '../../drizzle/documents.ts';
import { anyOf } from '../kit/anyOf.ts';
import type { Db } from '../kit/createDb.ts';

export type DocumentRow = typeof issuedDocuments.$inferSelect;
export type NewDocument = typeof issuedDocuments.$inferInsert;

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

    revocations: (): Promise<Array<{ id: string; revokedAt: Date | null }>> =>
      db
        .select({ id: issuedDocuments.id, revokedAt: issuedDocuments.revokedAt })
        .from(issuedDocuments)
        .where(isNotNull(issuedDocuments.revokedAt))
        .orderBy(asc(issuedDocuments.revokedAt), asc(issuedDocuments.id)),
  };
}

export type DocumentsRepository = ReturnType<typeof createDocumentsRepository>;
