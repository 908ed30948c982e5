import { randomUUID } from 'node:crypto';
import type { Deskwire } from '@deskwire/server';
import { ORG, SEED_TICKET } from './fixture.js';

/** Tickets per transaction: large enough that commit cost vanishes, small enough to keep memory flat. */
const CHUNK = 10_000;

/**
 * Adds `count` tickets to the demo tenant through the storage layer (the same repositories the
 * server writes with), in big transactions: reaching a million tickets over HTTP would take hours.
 * Each is a copy of the seed ticket #143 (its field values, lead and author) under a new number
 * and GUID. Returns the first and last numbers added.
 */
export async function bulkLoadTickets(deskwire: Deskwire, count: number): Promise<{ first: number; last: number }> {
  const { storage } = deskwire;
  const seed = await storage.tickets.find(ORG, { number: SEED_TICKET });
  if (!seed) throw new Error(`the seed ticket #${SEED_TICKET} is missing`);
  const values = await storage.tickets.values(seed.id);
  let first = 0;
  let last = 0;
  for (let done = 0; done < count; done += CHUNK) {
    const size = Math.min(CHUNK, count - done);
    await storage.transaction(async (tx) => {
      const start = await tx.tenants.allocateTicketNumber(ORG);
      await tx.tenants.reserveTicketNumber(ORG, start + size - 1);
      const now = new Date();
      for (let i = 0; i < size; i++) {
        await tx.tickets.insert(
          { ...seed, id: randomUUID(), number: start + i, createdAt: now, updatedAt: now },
          values,
        );
      }
      if (first === 0) first = start;
      last = start + size - 1;
    });
  }
  return { first, last };
}
