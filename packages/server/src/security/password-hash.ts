import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashes for agent sign-in (docs/api.md): Node's scrypt with a random 16-byte salt per hash and
 * the cost parameters stored beside it (`scrypt$N$r$p$salt$hash`, base64url), so they can be raised
 * later without breaking existing hashes. Passwords are guessable, unlike API secrets, hence a slow KDF.
 */
const PARAMS = { N: 16384, r: 8, p: 1 } as const;
const KEY_LENGTH = 64;
const SALT_BYTES = 16;
/** What a hash may cost to check: scrypt needs 128·N·r bytes; this caps what a stored hash can ask for. */
const MAX_MEMORY = 256 * 1024 * 1024;

/** Longest password accepted (characters): hashing an unbounded string would be a denial of service. */
export const MAX_PASSWORD_LENGTH = 1024;
/** Shortest password `deskwire user passwd` and the API accept. */
export const MIN_PASSWORD_LENGTH = 10;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, PARAMS.N, PARAMS.r, PARAMS.p);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether `password` matches the stored hash; a malformed hash matches nothing. Constant-time compare. */
export async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![N, r, p].every((n) => Number.isSafeInteger(n) && n > 0)) return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const expected = Buffer.from(parts[5] ?? '', 'base64url');
  if (expected.length === 0) return false;
  const key = await derive(password, salt, N, r, p, expected.length);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/**
 * Burns the time of one hash check: signing in with an unknown email address takes as long as with a
 * known one, so response time does not tell them apart.
 */
export async function dummyPasswordCheck(password: string): Promise<void> {
  await derive(password, DUMMY_SALT, PARAMS.N, PARAMS.r, PARAMS.p);
}
const DUMMY_SALT = randomBytes(SALT_BYTES);

function derive(password: string, salt: Buffer, N: number, r: number, p: number, length = KEY_LENGTH): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, { N, r, p, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}
