import { after, before, describe } from 'node:test';
import type { Storage } from '@deskwire/server';
import { storageBatchReadCases } from './storage-batch-read-cases.js';
import { storageSettingsReopenCases } from './storage-settings-reopen-cases.js';
import { storageSharedVersionCases } from './storage-shared-version-cases.js';
import { storageSuiteFixture } from './storage-suite-fixture.js';
import { storageTenantTransactionCases } from './storage-tenant-transaction-cases.js';
import { storageTicketCases } from './storage-ticket-cases.js';

/**
 * The storage conformance suite: every backend (SQLite and PostgreSQL) runs exactly these
 * cases through the public `Storage` API. A backend that needs to skip a case must say why.
 */
export function runStorageSuite(
  name: string,
  open: () => Promise<{ storage: Storage; reopen: () => Promise<Storage>; cleanup: () => Promise<void> }>,
) {
  describe(`storage conformance: ${name}`, () => {
    const ctx = storageSuiteFixture(open);

    before(() => ctx.setUp());
    after(() => ctx.tearDown());

    storageTenantTransactionCases(ctx);
    storageTicketCases(ctx);
    storageBatchReadCases(ctx);
    storageSharedVersionCases(ctx);
    storageSettingsReopenCases(ctx);
  });
}
