/**
 * The dossier code format: <agency e-ID>-<yymmdd>-<sequence of the agency's day>. The national format
 * gives the sequence 4 digits; a one-stop shop that receives more than 9,999 dossiers in a day goes on
 * with 5 and then 6 digits (…-261202-10000), the extension documented in docs/dossiers.md, so every
 * code stays readable as a code: at most 999,999 dossiers per agency and day.
 */
export const dossierCodePattern = /^([0-9A-Z]+(?:\.[0-9A-Z]+)*)-(\d{6})-(\d{4,6})$/;

/** The largest sequence number a day's code can carry. */
export const maxDailySequence = 999_999;

/** The code of an agency's n-th dossier of a day (n from 1): the sequence padded to at least 4 digits. */
export function dossierCodeOf(agencyCode: string, day: string, n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > maxDailySequence)
    throw new RangeError(`a day's dossier sequence runs from 1 to ${maxDailySequence}, not ${n}`);
  return `${agencyCode}-${day}-${String(n).padStart(4, '0')}`;
}

/** The parts of a dossier code, or null when it is not one. */
export function parseDossierCode(
  value: string,
): { agencyCode: string; day: string; sequence: number } | null {
  const match = dossierCodePattern.exec(value);
  if (!match) return null;
  return { agencyCode: match[1] as string, day: match[2] as string, sequence: Number(match[3]) };
}

/** Why the value is not a dossier code, or null when it is. */
export function dossierCodeProblem(value: string): string | null {
  const match = dossierCodePattern.exec(value);
  if (!match)
    return 'a dossier code looks like 000.00.53.H48-220921-0099 (<agency e-ID>-<yymmdd>-<sequence>)';
  if ((match[1] ?? '').length > 35) return 'the agency e-ID part is at most 35 characters';
  if (Number(match[3]) < 1) return 'the sequence part starts at 0001';
  return null;
}
