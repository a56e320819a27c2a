import { createHash, timingSafeEqual } from 'node:crypto';
import { parseDictionary } from 'structured-headers';

/** The Content-Digest header (RFC 9530) of a body: its SHA-256, as a structured-field dictionary. */
export function contentDigest(body: string | Buffer): string {
  return `sha-256=:${createHash('sha256').update(body).digest('base64')}:`;
}

/**
 * Whether a Content-Digest header matches the body: it must carry a sha-256 (or sha-512) digest, and
 * every digest it carries must match. Null when it does; otherwise what is wrong.
 */
export function contentDigestProblem(header: string | undefined, body: Buffer): string | null {
  if (!header) return 'no Content-Digest';
  let dictionary: ReturnType<typeof parseDictionary>;
  try {
    dictionary = parseDictionary(header);
  } catch {
    return 'Content-Digest is not a structured-field dictionary';
  }
  let checked = 0;
  for (const [algorithm, [value]] of dictionary) {
    const name = { 'sha-256': 'sha256', 'sha-512': 'sha512' }[algorithm];
    if (!name) continue;
    if (!(value instanceof ArrayBuffer)) return 'Content-Digest is malformed';
    const expected = createHash(name).update(body).digest();
    const given = Buffer.from(value);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      return 'the body does not match its Content-Digest';
    checked += 1;
  }
  return checked ? null : 'Content-Digest carries neither sha-256 nor sha-512';
}
