import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EVENT_OPERATIONS, EVENT_TYPES, NATIVE_OPERATIONS } from '@deskwire/wire';
import { capabilitiesOf } from '../app/src/api/capabilities.js';
import { NATIVE_ROUTES, routePath } from '../app/src/api/native-routes.js';
import { ticketNumberOf } from '../app/src/live/live-updates.js';
import { WEBHOOK_EVENT_TYPES } from '../app/src/pages/admin/webhook-events.js';

// The console keeps its own copy of the /api/v1 paths (the browser bundle does not carry the catalogue):
// each must be a path of the operations catalogue, spelled the same.
test('every path the console calls is an operation of the native catalogue', () => {
  const operations = [...Object.values(NATIVE_OPERATIONS), ...Object.values(EVENT_OPERATIONS)];
  const catalogue = new Set(operations.map((operation) => operation.path));
  for (const [name, path] of Object.entries(NATIVE_ROUTES)) {
    assert.ok(catalogue.has(path), `${name}: ${path} is not in NATIVE_OPERATIONS or EVENT_OPERATIONS`);
  }
});

// The webhook page offers the event types as checkboxes from its own list (the bundle does not carry the
// catalogue): it must be the server's list, in its order.
test('the webhook page offers exactly the event types of the contract', () => {
  assert.deepEqual([...WEBHOOK_EVENT_TYPES], [...EVENT_TYPES]);
});

test('routePath fills and encodes the slots, and drops empty query values', () => {
  assert.equal(routePath('ticket', { orgId: 22824, ref: '#143' }), '/api/v1/tenants/22824/tickets/%23143');
  assert.equal(
    routePath('search', { orgId: 1 }, { q: 'a b&c', status: 'Open,Pending', cursor: undefined, priority: '' }),
    '/api/v1/tenants/1/tickets/search?q=a+b%26c&status=Open%2CPending',
  );
  assert.equal(routePath('user', { orgId: 1, userId: '../../x' }), '/api/v1/tenants/1/users/..%2F..%2Fx');
  assert.throws(() => routePath('ticket', { orgId: 1 }), /needs ref/);
});

test('capabilities are read from the OpenAPI paths', () => {
  const none = capabilitiesOf({ paths: { '/api/tenants/{orgId}/tickets': {} } });
  assert.deepEqual([none.nativeApi, none.replies, none.events, none.presence], [false, false, false, false]);
  const repliesOnly = capabilitiesOf({ paths: { '/api/v1/tenants/{orgId}/tickets/{ref}/replies': {} } });
  assert.deepEqual([repliesOnly.nativeApi, repliesOnly.replies], [false, true]);
  const full = capabilitiesOf({
    paths: {
      '/api/v1/session': {},
      '/api/v1/tenants/{orgId}/tickets/{ref}/replies': {},
      '/api/v1/tenants/{orgId}/events': {},
      '/api/v1/tenants/{orgId}/events/stream': {},
    },
  });
  assert.deepEqual([full.nativeApi, full.replies, full.events, full.presence], [true, true, true, false]);
  assert.equal(capabilitiesOf('not a document').nativeApi, false);
  // The long-poll list alone is not the stream the console reads.
  assert.equal(capabilitiesOf({ paths: { '/api/v1/tenants/{orgId}/events': {} } }).events, false);
});

test('an event envelope names its ticket by number', () => {
  assert.equal(ticketNumberOf(JSON.stringify({ type: 'ticket.updated', ticket: { number: 143, id: 'x' } })), 143);
  assert.equal(ticketNumberOf(JSON.stringify({ type: 'key.revoked', data: {} })), undefined);
  assert.equal(ticketNumberOf('not json'), undefined);
});
