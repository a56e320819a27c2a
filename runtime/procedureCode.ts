/**
 * The national catalogue's code format: 1.001612, or localised 1.001612.000.00.00.H29. Provincial
 * portals also show a short localised form, 1.000948.H38, accepted as input and read as the long one.
 */
export const procedureCodePattern = /^[1-3]\.\d{6}(\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}|\.[A-Z]\d{2})?$/;

/** Why the value is not a procedure code, or null when it is. */
export function procedureCodeProblem(value: string): string | null {
  return procedureCodePattern.test(value)
    ? null
    : 'a procedure code looks like 1.001612 (national) or 1.001612.000.00.00.H29 (localised; short form 1.001612.H29)';
}

/** The catalogue's form of a valid code: the short localised form 1.000948.H38 becomes 1.000948.000.00.00.H38. */
export function normalProcedureCode(value: string): string {
  return /^[1-3]\.\d{6}\.[A-Z]\d{2}$/.test(value)
    ? `${value.slice(0, 8)}.000.00.00.${value.slice(9)}`
    : value;
}

/** The agency suffix (Hnn) of a localised code, or null for a national one. */
export function localisedSuffixOf(code: string): string | null {
  const normal = normalProcedureCode(code);
  return normal.length > 8 ? normal.slice(normal.lastIndexOf('.') + 1) : null;
}
