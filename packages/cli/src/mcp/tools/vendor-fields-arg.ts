import { z } from 'zod';

/** Other vendor fields, as create_ticket and update_ticket take them. */
export const vendorFieldsArg = z
  .record(z.string().min(1).max(200), z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]))
  .optional()
  .describe(
    'Other fields by their vendor name: LeadSquared SchemaName ("Channel", "mx_Custom_1"), Kapture request key ' +
      '("order_ref"). Values are the vendor\'s own (a lookup text for a select field).',
  );

export const statusArg = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .describe(
    'The vendor\'s status value, not the normalized one: LeadSquared a Status text ("Open", "On Hold", "Resolved"); ' +
      'Kapture a sub-status key ("OP", "P", "RS", "CL").',
  );

export const priorityArg = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .describe('The vendor\'s priority value ("Low", "Medium", "High"); not changeable on Kapture');
