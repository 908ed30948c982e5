import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Secret keys are 32 random bytes, so a fast SHA-256 is enough to make a leaked database useless
 * (slow KDFs exist for guessable passwords, and would cost every API call tens of milliseconds).
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares a presented secret with a stored hash in constant time. */
export function secretMatches(secret: string, storedHash: string): boolean {
  // The digest's bytes straight away: no hex string to write and parse back on every API call.
  const presented = createHash('sha256').update(secret, 'utf8').digest();
  const stored = Buffer.from(storedHash, 'hex');
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/**
 * The public id of a LeadSquared access key in logs: `key_` and the first 12 hex digits of its SHA-256.
 * Access keys are credentials (half of the pair, kept out of logs), so the log names a fingerprint an
 * operator can match against the key without the key itself ever being written.
 */
export function accessKeyId(accessKey: string): string {
  return `key_${hashSecret(accessKey).slice(0, 12)}`;
}

/** A new access key (an identifier, like the vendor's `u$…` keys) and secret key pair. */
export function generateKeyPair(): { accessKey: string; secretKey: string } {
  return {
    accessKey: `u$r${randomBytes(16).toString('hex')}`,
    secretKey: randomBytes(32).toString('hex'),
  };
}
