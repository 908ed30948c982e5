import { NativeTicketParams } from '../../native/native-schemas.js';
import { NativePresenceBody, PresenceView } from '../../native/presence-schemas.js';
import type { NativeOperation } from '../operation.js';
import { NATIVE_TENANT_PATH as T } from './native-paths.js';

/** Who else has a ticket open, for the console's collision warning. */
export const NATIVE_PRESENCE_OPERATIONS = {
  getPresence: {
    name: 'v1.getPresence',
    summary: 'The other agents on a ticket now: who is viewing it and who is writing a reply',
    method: 'GET',
    path: `${T}/tickets/{ref}/presence`,
    kind: 'read',
    auth: 'any',
    quiet: true,
    params: NativeTicketParams,
    status: 200,
    response: PresenceView,
  },
  setPresence: {
    name: 'v1.setPresence',
    summary: 'Heartbeat: the caller is viewing or replying to a ticket (lapses after ttlSeconds unless renewed)',
    method: 'PUT',
    path: `${T}/tickets/{ref}/presence`,
    kind: 'write',
    auth: 'any',
    quiet: true,
    params: NativeTicketParams,
    body: NativePresenceBody,
    status: 200,
    response: PresenceView,
  },
  leavePresence: {
    name: 'v1.leavePresence',
    summary: 'The caller leaves a ticket: others stop seeing them at once',
    method: 'DELETE',
    path: `${T}/tickets/{ref}/presence`,
    kind: 'write',
    auth: 'any',
    quiet: true,
    params: NativeTicketParams,
    status: 204,
  },
} as const satisfies Record<string, NativeOperation>;
