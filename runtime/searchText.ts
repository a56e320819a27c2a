/**
 * Text folded for search: lower case, Vietnamese diacritics removed, đ → d, spaces collapsed.
 * Stored beside names so that searches match the same way on PGlite (C locale) and PostgreSQL.
 */
export function searchText(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** A LIKE pattern matching any text containing `text`, with the user's own % and _ matching themselves. */
export function likeContaining(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
