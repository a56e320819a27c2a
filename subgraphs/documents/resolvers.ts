import { documentTypeOf, documentTypes, type DocumentTypeInfo } from '../../runtime/documentTypes.ts';
import { gqlError } from '../../runtime/errors.ts';
import { scalarResolvers } from '../../runtime/scalars.ts';
import { vietnamDate } from '../../runtime/vietnamTime.ts';
import { recorded } from '../kit/recorded.ts';
import type { DocumentsContext } from './context.ts';
import { checkDocumentId } from './checkDocumentId.ts';
import { issueResultDocument } from './issueResultDocument.ts';
import type { DocumentRow } from './repository.ts';
import type { Resolvers } from './resolverTypes.ts';
import { requestUpload } from './requestUpload.ts';
import { openScanDownload } from './openScanDownload.ts';
import { revokeDocument } from './revokeDocument.ts';
import { verifySignedDocument } from './verifySignedDocument.ts';

/** VALID, REVOKED, or EXPIRED once `today` (Vietnam) is past its last valid day. */
export function documentStatus(row: DocumentRow, today = vietnamDate()): 'VALID' | 'REVOKED' | 'EXPIRED' {
  if (row.revokedAt) return 'REVOKED';
  return row.validUntil !== null && row.validUntil < today ? 'EXPIRED' : 'VALID';
}

const typeView = (type: DocumentTypeInfo) => ({
  code: type.code,
  name: type.name,
  validity: type.validity,
  acceptedFor: type.acceptedBy,
});

/** Content and the signed form only once the population registry granted (and logged) the read. */
function granted<T>(row: DocumentRow & { contentGrant?: boolean | null }, value: T): T {
  if (row.contentGrant !== true)
    throw gqlError(
      'FORBIDDEN',
      "A document's content is a read of its holder's personal data, which was not granted",
    );
  return value;
}

export const resolvers: Resolvers<DocumentsContext> = {
  Date: scalarResolvers.Date,
  DateTime: scalarResolvers.DateTime,
  PersonalId: scalarResolvers.PersonalId,
  EnterpriseCode: scalarResolvers.EnterpriseCode,
  JSON: scalarResolvers.JSON,
  Query: {
    document: (_, args, ctx) => ctx.loaders.document.load(checkDocumentId(args.id)),
    verifyDocument: async (_, args, ctx) => {
      let stored: DocumentRow | null = null;
      const verdict = await verifySignedDocument(
        args.signed,
        ctx.documentKeys.jwks(),
        vietnamDate(),
        async (id) => {
          stored = /^[0-9a-f-]{36}$/.test(id) ? await ctx.loaders.document.load(id) : null;
          return stored ? stored.revokedAt !== null : null;
        },
      );
      return { ...verdict, document: verdict.status ? stored : null };
    },
    documentSigningKeys: (_, __, ctx) => JSON.stringify(ctx.documentKeys.jwks()),
    documentRevocations: (_, __, ctx) => ctx.repo.revocations(),
    documentTypes: () => documentTypes.map(typeView),
  },
  Mutation: {
    issueResultDocument: (_, args, ctx) => issueResultDocument(args.dossierCode, ctx),
    revokeDocument: (_, args, ctx) => revokeDocument(args.id, args.reason, ctx),
    requestUpload: (_, args, ctx) => requestUpload(args, ctx, ctx.uploads.maxBytes),
  },
  DigitisedComponent: {
    __resolveReference: async (ref, ctx) => {
      const row = await ctx.loaders.component.load(ref.id);
      return (
        row && {
          ...row,
          contentGrant: ref.contentGrant ?? null,
          representativeGrant: ref.representativeGrant ?? null,
        }
      );
    },
    holderPersonalId: (row) => (row.holderKind === 'CITIZEN' ? row.holderId : null),
    holderEnterpriseCode: (row) => (row.holderKind === 'BUSINESS' ? row.holderId : null),
    download: (row, _, ctx) => openScanDownload(row, ctx),
  },
  Document: {
    __resolveReference: async (ref, ctx) => {
      const row = await ctx.loaders.document.load(ref.id);
      return (
        row && {
          ...row,
          contentGrant: ref.contentGrant ?? null,
          representativeGrant: ref.representativeGrant ?? null,
        }
      );
    },
    type: (row) => typeView(recorded(documentTypeOf(row.typeCode), `document ${row.id} has an unknown type`)),
    holder: (row) =>
      row.holderKind === 'CITIZEN' ? { personalId: row.holderId } : { enterpriseCode: row.holderId },
    issuer: (row) => ({ code: row.issuerCode }),
    issuedAt: (row) => row.issuedOn,
    status: (row) => documentStatus(row),
    holderPersonalId: (row) => (row.holderKind === 'CITIZEN' ? row.holderId : null),
    holderEnterpriseCode: (row) => (row.holderKind === 'BUSINESS' ? row.holderId : null),
    content: (row) => granted(row, row.content),
    signed: (row) => granted(row, row.signed),
  },
  DocumentHolder: {
    __resolveType: (holder) => ('personalId' in holder ? 'Citizen' : 'Business'),
  },
  Citizen: {
    __resolveReference: (ref) => ({ personalId: ref.personalId, documentLink: ref.documentLink }),
    documents: (citizen, _, ctx) => {
      // The registry answers documentLink only to a caller it allowed and logged; anything else is refused.
      if (citizen.documentLink !== true)
        throw gqlError(
          'FORBIDDEN',
          'Which documents a citizen holds is personal data, and reading it was not granted',
        );
      return ctx.loaders.ofHolder.load(citizen.personalId);
    },
    digitisedComponents: (citizen, _, ctx) => {
      if (citizen.documentLink !== true)
        throw gqlError(
          'FORBIDDEN',
          "Which scans a citizen's paper left is personal data, and reading it was not granted",
        );
      return ctx.loaders.componentsOfHolder.load(citizen.personalId);
    },
  },
  Business: {
    __resolveReference: (ref) => ({
      enterpriseCode: ref.enterpriseCode,
      representativeGrant: ref.representativeGrant,
    }),
    documents: async (business, _, ctx) => {
      const rows = await ctx.loaders.ofHolder.load(business.enterpriseCode);
      // Shown to a representative as their own (citizen:self), field by field, by this mark.
      return business.representativeGrant === true && ctx.request.caller.role === 'citizen'
        ? rows.map((row) => ({ ...row, viaRepresentative: true }))
        : rows;
    },
    digitisedComponents: (business, _, ctx) => ctx.loaders.componentsOfHolder.load(business.enterpriseCode),
  },
  Dossier: {
    __resolveReference: (ref) => ({ code: ref.code }),
    resultDocument: (dossier, _, ctx) => ctx.loaders.byDossier.load(dossier.code),
    digitisedComponents: (dossier, _, ctx) => ctx.loaders.componentsOfDossier.load(dossier.code),
  },
};
