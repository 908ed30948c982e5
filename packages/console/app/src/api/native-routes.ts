/**
 * Every `/api/v1` path the console calls, as the operations catalogue spells it (`NATIVE_OPERATIONS` and
 * `EVENT_OPERATIONS` in @deskwire/wire: a node test checks each template here against them), so the browser bundle does not carry
 * the catalogue and its schemas.
 */
export const NATIVE_ROUTES = {
  session: '/api/v1/session',
  me: '/api/v1/me',
  tickets: '/api/v1/tenants/{orgId}/tickets',
  search: '/api/v1/tenants/{orgId}/tickets/search',
  ticket: '/api/v1/tenants/{orgId}/tickets/{ref}',
  assignee: '/api/v1/tenants/{orgId}/tickets/{ref}/assignee',
  trash: '/api/v1/tenants/{orgId}/tickets/{ref}/trash',
  restore: '/api/v1/tenants/{orgId}/tickets/{ref}/restore',
  thread: '/api/v1/tenants/{orgId}/tickets/{ref}/thread',
  notes: '/api/v1/tenants/{orgId}/tickets/{ref}/notes',
  replies: '/api/v1/tenants/{orgId}/tickets/{ref}/replies',
  attachments: '/api/v1/tenants/{orgId}/tickets/{ref}/attachments',
  users: '/api/v1/tenants/{orgId}/users',
  user: '/api/v1/tenants/{orgId}/users/{userId}',
  userKeys: '/api/v1/tenants/{orgId}/users/{userId}/keys',
  key: '/api/v1/tenants/{orgId}/keys/{accessKey}',
  tokens: '/api/v1/tenants/{orgId}/tokens',
  token: '/api/v1/tenants/{orgId}/tokens/{tokenId}',
  lookups: '/api/v1/tenants/{orgId}/lookups',
  lookup: '/api/v1/tenants/{orgId}/lookups/{schemaName}',
  fields: '/api/v1/tenants/{orgId}/fields',
  mailboxes: '/api/v1/tenants/{orgId}/mailboxes',
  mailbox: '/api/v1/tenants/{orgId}/mailboxes/{address}',
  webhooks: '/api/v1/tenants/{orgId}/webhooks',
  webhook: '/api/v1/tenants/{orgId}/webhooks/{webhookId}',
  deliveries: '/api/v1/tenants/{orgId}/webhooks/{webhookId}/deliveries',
  redeliver: '/api/v1/tenants/{orgId}/webhooks/{webhookId}/redeliver',
  presence: '/api/v1/tenants/{orgId}/tickets/{ref}/presence',
  sandbox: '/api/v1/tenants/{orgId}/sandbox',
  journal: '/api/v1/tenants/{orgId}/sandbox/journal',
  faults: '/api/v1/tenants/{orgId}/sandbox/faults',
  fault: '/api/v1/tenants/{orgId}/sandbox/faults/{faultId}',
} as const;

export type RouteName = keyof typeof NATIVE_ROUTES;

/** Fills a template's `{name}` slots, each URL-encoded (a ticket key `#143` becomes `%23143`). */
export function routePath(
  name: RouteName,
  params: Record<string, string | number>,
  query?: Record<string, string | undefined>,
): string {
  const path = NATIVE_ROUTES[name].replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = params[key];
    if (value === undefined) throw new Error(`route ${name} needs ${key}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {}))
    if (value !== undefined && value !== '') search.set(key, value);
  const text = search.toString();
  return text === '' ? path : `${path}?${text}`;
}
