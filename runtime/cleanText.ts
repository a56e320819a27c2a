import { badInput } from './errors.ts';

/**
 * Characters no purpose, code or argument of ours may hold: C0 controls (a NUL cannot even be stored
 * by PostgreSQL, and failed a whole batch of other clients' access records), DEL, C1 controls, the
 * line and paragraph separators (fake log lines), bidirectional controls (text that reads otherwise
 * than it is stored) and lone surrogates (what is left of invalid UTF-8). Free text may keep tab, line
 * feed and carriage return; a header value may not.
 */
/* eslint-disable no-control-regex -- finding control characters is the point */
const forbiddenInText =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/u;
const forbiddenInHeader = /[\u0000-\u001F]/;
/* eslint-enable no-control-regex */

/** The first forbidden character of a text, as U+XXXX, or null when it has none. */
export function forbiddenCharacter(text: string, header = false): string | null {
  const match = forbiddenInText.exec(text) ?? (header ? forbiddenInHeader.exec(text) : null);
  return match ? `U+${(match[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}` : null;
}

/**
 * A text as we keep it: NFC-normalised (one spelling of "Nguyễn", whichever the keyboard sent) and
 * trimmed; BAD_USER_INPUT naming `what` if it holds a forbidden character. Empty becomes null.
 */
export function cleanText(text: string, what: string, options: { header?: boolean } = {}): string | null {
  const found = forbiddenCharacter(text, options.header);
  if (found) throw badInput(`${what} holds a character that is not allowed (${found})`);
  const clean = text.normalize('NFC').trim();
  return clean === '' ? null : clean;
}
