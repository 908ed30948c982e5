import { ApiError } from '../errors/api-error.js';
import type { CoreDeps } from './deps.js';
import { DEFAULT_EMAIL_SETTINGS, type EmailSettings } from './domain.js';
import { emailChannelUser } from './email-channel-user.js';

const ADDRESS = /^[^\s@<>(),;:"]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;

/** A mailbox address as stored: trimmed and lower-cased; refused when it is not an address. */
export function normalizeMailbox(address: string): string {
  const value = address.trim().toLowerCase();
  if (value.length > 254 || !ADDRESS.test(value)) {
    throw new ApiError('ValidationError', `'${address.slice(0, 100)}' is not an email address`);
  }
  return value;
}

/**
 * Gives a tenant an inbound address: mail to it opens and continues that tenant's tickets. An address
 * belongs to one tenant (`RCPT TO` alone names the tenant), so one taken elsewhere is refused.
 */
export async function addMailbox(
  input: { orgId: number; address: string },
  deps: Pick<CoreDeps, 'storage' | 'now' | 'newId'>,
): Promise<{ orgId: number; address: string }> {
  const address = normalizeMailbox(input.address);
  return deps.storage.transaction(async (tx) => {
    if (!(await tx.tenants.get(input.orgId)))
      throw new ApiError('TenantNotFound', `Tenant ${input.orgId} does not exist`);
    // Created here, once, rather than by two first messages racing each other.
    await emailChannelUser(input.orgId, tx, deps);
    if (!(await tx.email.addMailbox(input.orgId, address, deps.now()))) {
      const owner = await tx.email.mailboxOwner(address);
      if (owner !== input.orgId) throw new ApiError('MailboxExists', `The address ${address} is already in use`);
    }
    return { orgId: input.orgId, address };
  });
}

export async function removeMailbox(
  input: { orgId: number; address: string },
  deps: Pick<CoreDeps, 'storage'>,
): Promise<void> {
  const address = normalizeMailbox(input.address);
  if (!(await deps.storage.email.removeMailbox(input.orgId, address))) {
    throw new ApiError('NotFound', `Tenant ${input.orgId} has no mailbox ${address}`);
  }
}

export async function listMailboxes(orgId: number, deps: Pick<CoreDeps, 'storage'>): Promise<string[]> {
  return deps.storage.email.listMailboxes(orgId);
}

/** Changes some of a tenant's email settings (relay, From, reopen rule, DKIM); returns them all. */
export async function updateEmailSettings(
  input: { orgId: number; patch: Partial<EmailSettings> },
  deps: Pick<CoreDeps, 'storage' | 'now'>,
): Promise<EmailSettings> {
  const { relayUrl, fromAddress, reopenRule, imap } = input.patch;
  if (imap) {
    if (!/^imaps?:\/\/[^\s/@]+@[^\s/]+/.test(imap.url)) {
      throw new ApiError('ValidationError', 'the IMAP URL must be imap[s]://user:password@host[:port][/mailbox]');
    }
    if (imap.processed === 'move' && !imap.moveTo) {
      throw new ApiError('ValidationError', 'moving processed messages needs a folder to move them to');
    }
  }
  if (relayUrl != null && !/^smtps?:\/\/[^\s]+$/.test(relayUrl)) {
    throw new ApiError('ValidationError', 'the relay URL must start with smtp:// or smtps://');
  }
  if (reopenRule !== undefined && reopenRule !== 'reopen' && reopenRule !== 'new-ticket') {
    throw new ApiError('ValidationError', "the reopen rule must be 'reopen' or 'new-ticket'");
  }
  const patch = { ...input.patch, ...(fromAddress != null && { fromAddress: normalizeMailbox(fromAddress) }) };
  return deps.storage.transaction(async (tx) => {
    if (!(await tx.tenants.get(input.orgId)))
      throw new ApiError('TenantNotFound', `Tenant ${input.orgId} does not exist`);
    const settings: EmailSettings = {
      ...DEFAULT_EMAIL_SETTINGS,
      ...(await tx.email.getSettings(input.orgId)),
      ...patch,
    };
    await tx.email.putSettings(input.orgId, settings, deps.now());
    return settings;
  });
}

/** Settings as shown to an operator: the DKIM key and the relay password never leave the store. */
export function redactEmailSettings(settings: EmailSettings): Record<string, unknown> {
  let relay = settings.relayUrl;
  if (relay) {
    try {
      const url = new URL(relay);
      if (url.password) url.password = '***';
      relay = url.toString();
    } catch {
      relay = '(invalid)';
    }
  }
  let imap: Record<string, unknown> | null = null;
  if (settings.imap) {
    const url = new URL(settings.imap.url);
    if (url.password) url.password = '***';
    imap = { url: url.toString(), processed: settings.imap.processed, moveTo: settings.imap.moveTo };
  }
  return {
    imap,
    relayUrl: relay,
    fromAddress: settings.fromAddress,
    reopenRule: settings.reopenRule,
    dkim: settings.dkim && { domainName: settings.dkim.domainName, keySelector: settings.dkim.keySelector },
  };
}
