const weights = [31, 29, 23, 19, 17, 13, 7, 5, 3];

/** The check digit for the first nine digits of an enterprise code, or null when none exists (10). */
export function enterpriseCheckDigit(firstNine: string): string | null {
  const sum = [...firstNine].reduce((acc, d, i) => acc + Number(d) * (weights[i] ?? 0), 0);
  const digit = 10 - (sum % 11);
  return digit === 10 ? null : String(digit);
}

/**
 * Why the value is not a valid enterprise (tax) code, or null when it is.
 * Ten digits, digits 3-9 not all zero, digit 10 the weighted check digit; a branch adds -001 to -999,
 * or the same three digits without the dash (the 13-digit compact form, 0100112437011).
 */
export function enterpriseCodeProblem(value: string): string | null {
  const match = /^(\d{10})(?:-?(\d{3}))?$/.exec(value);
  if (!match)
    return 'an enterprise code is 10 digits, optionally followed by a branch suffix -001 to -999 (or 13 digits)';
  const [, main = '', branch] = match;
  if (main.slice(0, 2) === '00') return `'00' (digits 1-2) is not a province prefix`;
  if (main.slice(2, 9) === '0000000') return 'the sequence (digits 3-9) cannot be 0000000';
  const expected = enterpriseCheckDigit(main.slice(0, 9));
  if (expected === null) return `digits 1-9 '${main.slice(0, 9)}' have no valid check digit`;
  if (expected !== main[9]) return `check digit (digit 10) is '${main[9]}', expected '${expected}'`;
  if (branch === '000') return 'a branch suffix is -001 to -999';
  return null;
}

/** The registry's form of a valid code: a compact 13-digit branch code gets its dash (0100112437-011). */
export const normalEnterpriseCode = (value: string): string =>
  /^\d{13}$/.test(value) ? `${value.slice(0, 10)}-${value.slice(10)}` : value;
