import { z } from 'zod';

/** The ticket id argument every tool takes, described once so every tool says the same. */
export const ticketIdArg = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .describe(
    'Ticket id as the vendor takes it: LeadSquared a ticket number ("143"), key ("#143") or GUID; ' +
      'Kapture the 12-digit ticket id. The `id` field of a ticket from get_ticket or create_ticket.',
  );
