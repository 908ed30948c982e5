import { randomBytes } from 'node:crypto';
import type { CoreDeps } from '../../core/deps.js';
import type { EmailDeps } from './ingest.js';
import { EMAIL_SIGNING_KEY_SETTING, MessageIdSigner } from './message-id.js';

/**
 * The channel's dependencies over an opened data set: the core's, plus the Message-ID signer keyed
 * by the data set's email key (created on first use and kept in the database, so every instance and
 * every restart signs and verifies alike).
 */
export async function emailDepsFor(deskwire: CoreDeps): Promise<EmailDeps> {
  const key = await deskwire.storage.settings.getOrInit(EMAIL_SIGNING_KEY_SETTING, randomBytes(32).toString('hex'));
  return { ...deskwire, messageIds: new MessageIdSigner(Buffer.from(key, 'hex')) };
}
