/** The storage suite's shared state: the store the runner opens (tenants 1 and 2 in it) and row builders. */
import { randomUUID } from 'node:crypto';
import type { Storage, Tenant } from '@deskwire/server';

/** What a runner gives the suite: a fresh store, a way to reopen it, and a cleanup. */
export interface StorageSuiteStore {
  storage: Storage;
  reopen: () => Promise<Storage>;
  cleanup: () => Promise<void>;
}

/**
 * A runner's store from a way to open it and a way to remove what it wrote: `reopen` opens it again (the
 * reopen case), and `cleanup` closes the last one opened, then removes.
 */
export async function reopenableStore(
  open: () => Promise<Storage>,
  remove: () => Promise<void>,
): Promise<StorageSuiteStore> {
  const storage = await open();
  let current = storage;
  return {
    storage,
    reopen: async () => {
      current = await open();
      return current;
    },
    cleanup: async () => {
      await current.close().catch(() => {});
      await remove();
    },
  };
}

/** What the case groups share; `storage` and `reopen` are set by `setUp` (the suite's `before`). */
export type StorageSuiteContext = ReturnType<typeof storageSuiteFixture>;

/** Builds the suite's context; the suite runs `setUp` before its cases and `tearDown` after them. */
export function storageSuiteFixture(open: () => Promise<StorageSuiteStore>) {
  let storage: Storage;
  let reopen: () => Promise<Storage>;
  let cleanup: () => Promise<void>;
  const now = new Date('2025-01-01T00:00:00Z');
  const tenant = (orgId: number): Tenant => ({
    orgId,
    name: `Org ${orgId}`,
    apiEnabled: true,
    ipAllowlist: ['10.0.0.0/8'],
    rateLimit: { max: 25, windowMs: 5000 },
    createdAt: now,
  });
  const ticket = (orgId: number, number: number) => ({
    id: randomUUID(),
    orgId,
    number,
    typeId: 1,
    leadId: null,
    createdBy: null,
    flags: { TriggerSLA: true, TriggerAssignmentRule: true, TriggerAutomation: true, TriggerNotification: true },
    creationType: 'SYSTEM',
    createdAt: now,
    updatedAt: now,
  });

  async function setUp() {
    ({ storage, reopen, cleanup } = await open());
    await storage.tenants.create(tenant(1));
    await storage.tenants.create(tenant(2));
  }
  const tearDown = () => cleanup();

  return {
    /** The open storage; the reopen case sets the reopened one here. */
    get storage() {
      return storage;
    },
    set storage(reopened: Storage) {
      storage = reopened;
    },
    get reopen() {
      return reopen;
    },
    now,
    tenant,
    ticket,
    setUp,
    tearDown,
  };
}
