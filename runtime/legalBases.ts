import { readReference } from './readReference.ts';

/** A legal basis a client without a case may invoke (reference/legal-bases.json). */
export interface LegalBasis {
  code: string;
  name: string;
  law: string;
  article: string;
}

interface LegalBasesFile {
  bases: Record<string, Omit<LegalBasis, 'code'> & { sources: string[] }>;
}

const file = readReference<LegalBasesFile>('legal-bases.json');

/** Every legal basis, in the file's order. */
export const legalBases: readonly LegalBasis[] = Object.entries(file.bases).map(([code, b]) => ({
  code,
  name: b.name,
  law: b.law,
  article: b.article,
}));

const codes = new Set(legalBases.map((b) => b.code));

/** Whether `code` is a legal basis of the reference list. */
export const isLegalBasis = (code: string): boolean => codes.has(code);
