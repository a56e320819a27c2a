/** The dossier code format: <agency e-ID>-<yymmdd>-<4-digit sequence>. */
export const dossierCodePattern = /^([0-9A-Z]+(?:\.[0-9A-Z]+)*)-(\d{6})-(\d{4})$/;

/** Why the value is not a dossier code, or null when it is. */
export function dossierCodeProblem(value: string): string | null {
  const match = dossierCodePattern.exec(value);
  if (!match)
    return 'a dossier code looks like 000.00.53.H48-220921-0099 (<agency e-ID>-<yymmdd>-<sequence>)';
  if ((match[1] ?? '').length > 35) return 'the agency e-ID part is at most 35 characters';
  return null;
}
