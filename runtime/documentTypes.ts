import { readReference } from './readReference.ts';

/** A result document type as reference/document-types.json states it. */
export interface DocumentTypeInfo {
  code: string;
  name: string;
  /** Names of the procedures (seed/referenceData.ts) whose completed dossiers issue it. */
  issuedBy: string[];
  /** Names of the requirements it meets instead of paper. */
  acceptedBy: string[];
  /** How long it may be relied on after its issue date; null: no limit. */
  validMonths: number | null;
  validity: string;
}

interface DocumentTypesFile {
  types: Record<string, Omit<DocumentTypeInfo, 'code'>>;
}
interface ProcedureCodesFile {
  codes: Record<string, string | { code: string }>;
}

const file = readReference<DocumentTypesFile>('document-types.json');
const procedureCodes = readReference<ProcedureCodesFile>('procedure-codes.json').codes;

/** Every result document type, in the file's order. */
export const documentTypes: readonly DocumentTypeInfo[] = Object.entries(file.types).map(([code, t]) => ({
  code,
  ...t,
}));

const nationalCodeOf = (procedureName: string): string => {
  const entry = procedureCodes[procedureName];
  if (!entry)
    throw new Error(`reference/document-types.json: no procedure '${procedureName}' in procedure-codes.json`);
  return typeof entry === 'string' ? entry : entry.code;
};

const byProcedure = new Map(
  documentTypes.flatMap((t) => t.issuedBy.map((name) => [nationalCodeOf(name), t])),
);

/** The type a procedure's result is issued as (by national or localised code); undefined: none. */
export const documentTypeIssuedBy = (procedureCode: string): DocumentTypeInfo | undefined =>
  byProcedure.get(procedureCode.slice(0, 8));

/** The codes of the types that meet a requirement (by its name) instead of paper; empty: none. */
export function documentTypesAccepting(requirementName: string): string[] {
  return documentTypes.filter((t) => t.acceptedBy.includes(requirementName)).map((t) => t.code);
}

/** The type with this code; undefined: not a result type. */
export const documentTypeOf = (code: string): DocumentTypeInfo | undefined =>
  documentTypes.find((t) => t.code === code);

/** The last day a document issued on `issuedOn` (YYYY-MM-DD) may be relied on; null: no limit. */
export function validUntilOf(type: DocumentTypeInfo, issuedOn: string): string | null {
  if (type.validMonths === null) return null;
  const [year, month, day] = issuedOn.split('-').map(Number) as [number, number, number];
  // The same day validMonths later (clamped to that month's end), less one day.
  const target = new Date(Date.UTC(year, month - 1 + type.validMonths, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay) - 1);
  return target.toISOString().slice(0, 10);
}
