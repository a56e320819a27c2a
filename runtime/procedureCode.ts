/** The national catalogue's code format: 1.001612, or localised 1.001612.000.00.00.H29. */
export const procedureCodePattern = /^[1-3]\.\d{6}(\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})?$/;

/** Why the value is not a procedure code, or null when it is. */
export function procedureCodeProblem(value: string): string | null {
  return procedureCodePattern.test(value)
    ? null
    : 'a procedure code looks like 1.001612 (national) or 1.001612.000.00.00.H29 (localised)';
}
