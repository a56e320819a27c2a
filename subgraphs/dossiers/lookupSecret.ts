import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Crockford's base-32 alphabet: no I, L, O or U to misread on a printed receipt. */
const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The hash kept in the database: a secret of 60 random bits needs no slow hash to resist guessing. */
export function lookupSecretHash(secret: string): string {
  const normalised = secret.toUpperCase().replace(/[\s-]/g, '');
  return createHash('sha256').update(normalised).digest('base64url');
}

/** A new receipt secret, as printed (`7KQ2-M9XD-4RTB`), and the hash to keep. */
export function newLookupSecret(): { secret: string; hash: string } {
  const bytes = randomBytes(12);
  let secret = '';
  for (let i = 0; i < 12; i += 1) secret += alphabet[(bytes[i] as number) % 32];
  const printed = secret.match(/.{4}/g)?.join('-') ?? secret;
  return { secret: printed, hash: lookupSecretHash(printed) };
}

/** Whether `secret` is the one whose hash was kept (in constant time). */
export function matchesLookupSecret(hash: string | null, secret: string): boolean {
  if (!hash) return false;
  const given = Buffer.from(lookupSecretHash(secret));
  const kept = Buffer.from(hash);
  return given.length === kept.length && timingSafeEqual(given, kept);
}
