import { type Static, Type } from '@sinclair/typebox';
import { FaultRuleBody, JournalEntryView, JournalQuery } from '../sandbox/sandbox-schemas.js';

/**
 * The sandbox's request journal and fault rules as a tenant's Admin sees them on `/api/v1` (docs/api.md
 * "Sandbox"): the same entries and rules as `/_deskwire`, scoped to the caller's tenant.
 */

const closed = <T extends Parameters<typeof Type.Object>[0]>(properties: T) =>
  Type.Object(properties, { additionalProperties: false });

export const NativeSandboxView = Type.Object({
  /** The server runs with the sandbox on: the journal and fault rules below answer. */
  enabled: Type.Boolean(),
});
export type NativeSandboxView = Static<typeof NativeSandboxView>;

/** The sandbox journal's filters, plus `after`: only entries with a larger id (for live tailing). */
export const NativeJournalQuery = closed({
  ...JournalQuery.properties,
  after: Type.Optional(Type.String({ pattern: '^(0|[1-9][0-9]{0,15})$' })),
});
export type NativeJournalQuery = Static<typeof NativeJournalQuery>;

export const NativeJournalView = Type.Object({
  /** Newest first. */
  requests: Type.Array(JournalEntryView),
  /** The largest id seen so far: pass it as `after` to get only what came since. */
  cursor: Type.Integer(),
});
export type NativeJournalView = Static<typeof NativeJournalView>;

/** A fault rule for the caller's tenant: the sandbox's rule body without `id` and `orgId` (the server sets both). */
export const NativeFaultRuleBody = closed({
  operation: FaultRuleBody.properties.operation,
  probability: FaultRuleBody.properties.probability,
  times: FaultRuleBody.properties.times,
  latency: FaultRuleBody.properties.latency,
  respond: FaultRuleBody.properties.respond,
  drop: FaultRuleBody.properties.drop,
});
export type NativeFaultRuleBody = Static<typeof NativeFaultRuleBody>;

export const NativeFaultParams = closed({
  orgId: Type.String({ pattern: '^[1-9][0-9]{0,15}$' }),
  faultId: Type.String({ pattern: '^[A-Za-z0-9._-]{1,64}$' }),
});
