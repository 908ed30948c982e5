import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ImapPoller, PROCESSED_KEYWORD, startEmailChannel, updateEmailSettings } from '@deskwire/server';
import { DEMO_ORG } from '../helpers/test-server.js';
import { DOVECOT_BIN, startDovecot, type TestImapServer } from './dovecot.js';
import { customerMail, type EmailHarness, startEmailHarness } from './email-harness.js';

describe(
  'IMAP poller against a real IMAP server (Dovecot)',
  { skip: DOVECOT_BIN ? false : 'dovecot-imapd not installed (.ci/run installs it)' },
  () => {
    let h: EmailHarness;
    let imap: TestImapServer;
    before(async () => {
      imap = await startDovecot();
      h = await startEmailHarness();
    });
    after(async () => {
      await h?.close();
      await imap?.stop();
    });

    const ticketOf = async (messageId: string) => {
      const [row] = await h.server.deskwire.storage.email.findByMessageIds(DEMO_ORG, [messageId]);
      return row?.ticketId
        ? (await h.server.deskwire.storage.tickets.find(DEMO_ORG, { id: row.ticketId }))?.number
        : undefined;
    };

    test('stores new mail as tickets, flags it $Deskwire, and a re-fetch (flags lost) stores nothing twice', async () => {
      await imap.append(
        customerMail({ subject: 'Via Gmail box', body: 'Hello from IMAP', messageId: 'imap-1@customer.example' }),
      );
      await imap.append(
        customerMail({ subject: 'Second via IMAP', body: 'Again', messageId: 'imap-2@customer.example' }),
      );
      const poller = new ImapPoller(h.channel.deps, DEMO_ORG, { url: imap.url, processed: 'flag', moveTo: null });
      assert.equal(await poller.runOnce(), 2);
      assert.ok((await ticketOf('imap-1@customer.example')) !== undefined);
      assert.ok((await ticketOf('imap-2@customer.example')) !== undefined);
      assert.equal(await poller.runOnce(), 0, 'flagged messages are not fetched again');

      const c = await imap.client();
      try {
        await c.mailboxOpen('INBOX');
        const flagged = await c.search({ keyword: PROCESSED_KEYWORD }, { uid: true });
        assert.equal((flagged || []).length, 2);
        // As after a crash between the store and the flag, or a rebuilt mailbox: the flags are gone.
        await c.messageFlagsRemove('1:*', [PROCESSED_KEYWORD]);
      } finally {
        await c.logout();
      }
      const before = await h.server.deskwire.storage.email.listForTicket(
        (
          await h.server.deskwire.storage.tickets.find(DEMO_ORG, {
            number: (await ticketOf('imap-1@customer.example')) ?? 0,
          })
        )?.id ?? '',
      );
      assert.equal(await poller.runOnce(), 0, 'fetched again, stored once (dedupe on Message-ID and content)');
      const afterRows = await h.server.deskwire.storage.email.listForTicket(
        (
          await h.server.deskwire.storage.tickets.find(DEMO_ORG, {
            number: (await ticketOf('imap-1@customer.example')) ?? 0,
          })
        )?.id ?? '',
      );
      assert.equal(afterRows.length, before.length);
      await poller.stop();
    });

    test('move mode: processed mail goes to the named folder; IDLE fetches new mail as it arrives', async () => {
      const poller = new ImapPoller(
        h.channel.deps,
        DEMO_ORG,
        { url: imap.url, processed: 'move', moveTo: 'Processed' },
        { pollMs: 3_600_000 },
      );
      /** Waits (bounded) until the message is stored. */
      const storedWithin = async (ms: number) => {
        const deadline = Date.now() + ms;
        while (Date.now() < deadline) {
          if ((await ticketOf('imap-idle@customer.example')) !== undefined) return true;
          await new Promise((r) => setTimeout(r, 100));
        }
        return false;
      };
      poller.start();
      // Let the first pass run and the connection go idle, then deliver.
      await new Promise((r) => setTimeout(r, 1500));
      await imap.append(
        customerMail({ subject: 'Arrives while idle', body: 'Push me', messageId: 'imap-idle@customer.example' }),
      );
      assert.ok(await storedWithin(20_000), 'stored without waiting for the next poll');
      assert.ok(
        (await ticketOf('imap-idle@customer.example')) !== undefined,
        'fetched on the IDLE notification (the poll interval is an hour)',
      );
      await poller.stop();
      const c = await imap.client();
      try {
        const done = await c.status('Processed', { messages: true });
        assert.ok(done && (done.messages ?? 0) >= 1);
      } finally {
        await c.logout();
      }
    });

    test('tenant settings name the IMAP source; the channel starts a poller for it', async () => {
      await updateEmailSettings(
        { orgId: DEMO_ORG, patch: { imap: { url: imap.url, processed: 'flag', moveTo: null } } },
        h.server.deskwire,
      );
      const channel = await startEmailChannel(h.server.deskwire, { sender: false, imap: { pollMs: 200 } });
      try {
        assert.equal(channel.pollers.length, 1);
        await imap.append(
          customerMail({ subject: 'Through settings', body: 'x', messageId: 'imap-settings@customer.example' }),
        );
        const deadline = Date.now() + 20_000;
        while ((await ticketOf('imap-settings@customer.example')) === undefined && Date.now() < deadline) {
          await new Promise((r) => setTimeout(r, 100));
        }
        assert.ok((await ticketOf('imap-settings@customer.example')) !== undefined);
      } finally {
        await channel.close();
      }
      await assert.rejects(
        updateEmailSettings(
          { orgId: DEMO_ORG, patch: { imap: { url: 'ftp://x', processed: 'flag', moveTo: null } } },
          h.server.deskwire,
        ),
        /IMAP URL/,
      );
    });

    test('a source set, changed or removed while the server runs is picked up without a restart', async () => {
      const setSource = (imapSource: { url: string; processed: 'flag'; moveTo: null } | null) =>
        updateEmailSettings({ orgId: DEMO_ORG, patch: { imap: imapSource } }, h.server.deskwire);
      await setSource(null);
      const channel = await startEmailChannel(h.server.deskwire, {
        sender: false,
        imap: { pollMs: 200, refreshMs: 100 },
      });
      const waitFor = async (what: string, done: () => Promise<boolean> | boolean) => {
        const deadline = Date.now() + 20_000;
        while (!(await done())) {
          if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      try {
        assert.equal(channel.pollers.length, 0, 'no source yet, no poller');
        // What `deskwire mailbox settings --imap-url` and the sandbox do: a settings write in the database.
        await setSource({ url: imap.url, processed: 'flag', moveTo: null });
        await waitFor('a poller for the new source', () => channel.pollers.length === 1);
        await imap.append(
          customerMail({ subject: 'Source added live', body: 'x', messageId: 'imap-live@customer.example' }),
        );
        await waitFor(
          'the message through the new poller',
          async () => (await ticketOf('imap-live@customer.example')) !== undefined,
        );
        const first = channel.pollers[0];
        // A changed rule replaces the poller; a removed source stops it.
        await updateEmailSettings(
          { orgId: DEMO_ORG, patch: { imap: { url: imap.url, processed: 'move', moveTo: 'Processed' } } },
          h.server.deskwire,
        );
        await waitFor('the poller replaced', () => channel.pollers.length === 1 && channel.pollers[0] !== first);
        await setSource(null);
        await waitFor('the poller stopped', () => channel.pollers.length === 0);
      } finally {
        await channel.close();
      }
    });
  },
);
