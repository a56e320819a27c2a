/**
 * Whether a GraphQL document's first operation is a mutation, from its text alone (no parse): the
 * first token after whitespace, commas and comments. The gateway's plans send one operation per fetch,
 * so its first keyword says what the fetch is. A shorthand `{ ... }` is a query.
 */
export function isMutation(document: string): boolean {
  return /^(?:[\s,\uFEFF]|#[^\n\r]*(?=[\n\r]|$))*mutation\b/.test(document);
}

/**
 * isMutation for a fetch body as Apollo Gateway writes it (`{"query":"...",...}`, query first),
 * reading only as much of the query as it needs; false for any other body.
 */
export function isMutationBody(body: unknown): boolean {
  if (typeof body !== 'string' || !body.startsWith('{"query":"')) return false;
  // Enough of the JSON string to hold the first keyword after any leading whitespace or comments;
  // a cut escape at the end of the slice cannot change the beginning.
  const head = body
    .slice(10, 10 + 512)
    .replace(/\\[nr]/g, '\n')
    .replace(/\\t/g, ' ');
  return isMutation(head);
}
