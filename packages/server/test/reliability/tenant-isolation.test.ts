import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { createUser } from '@deskwire/server';
import { expandPath, NATIVE_OPERATION_LIST, type NativeOperation } from '@deskwire/wire';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { auth, type Keys, multipart } from '../helpers/test-server.js';
import { KAP_PATH } from '../kapture/kapture-test-server.js';
import { ADMIN_TOKEN, snapshot, startTwoTenants, type TenantWorld, type TwoTenants } from './two-tenants.js';

// Tenant isolation matrix (issue 9): every endpoint with one tenant's credentials against the other tenant's
// org path and ids, both ways. A cross-tenant call must be refused exactly like a call with wrong keys (other org
// path) or a call naming an id that does not exist (own org path), so it leaks nothing; the victim's data stays
// the same. One test per cell, so a failure names it.

const NO_KEYS: Keys = { accessKey: 'u$rnobody-at-all', secretKey: 'not-a-secret' };
const NOWHERE = 999_999;

type Call = (attacker: TenantWorld, victim: TenantWorld, ref: Ref) => Promise<LightMyRequestResponse>;
/** The id a cell sends: the victim's (the attack) or one that exists nowhere (the baseline). */
interface Ref {
  number: number;
  guid: string;
  kapId: string;
  customerId: string;
  customerEmail: string;
  /** /api/v1 ids: a user of the tenant, one of its access keys, one of its Kapture token ids. */
  userId: string;
  accessKey: string;
  tokenId: string;
  /** A sandbox fault rule of the tenant (probability 0: it never fires). */
  faultId: string;
  webhookId: string;
  deliveryId: string;
}

let world: TwoTenants;
const PASSWORD = 'isolation matrix password';
/** Each tenant's /api/v1 ids (Ref's extra fields) and a signed-in session's headers. */
const extraIds = new Map<number, Pick<Ref, 'userId' | 'accessKey' | 'tokenId' | 'faultId'>>();
const sessions = new Map<number, Record<string, string>>();
/** A tenant's ids as a Ref. */
function refOf(tenant: TenantWorld): Ref {
  const extra = extraIds.get(tenant.orgId);
  if (!extra) throw new Error(`no ids for ${tenant.orgId}`);
  return { ...tenant, ...extra };
}
const inject = (opts: InjectOptions): Promise<LightMyRequestResponse> => world.server.app.inject(opts);

const lsqBody = (number: number) => ({
  TypeId: '1',
  Id: String(number),
  Fields: [{ SchemaName: 'Title', Value: 'overwritten by another tenant' }],
  RelatedTicketTypeId: 1,
});

/** LeadSquared calls on an org path with some keys: [cell name, org path chooser, request]. */
const lsqCalls: Array<[string, (keys: Keys, org: number, ref: Ref) => Promise<LightMyRequestResponse>]> = [
  [
    'L1 create',
    (keys, org) =>
      inject({
        method: 'POST',
        url: `/api/tenants/${org}/tickets`,
        headers: auth(keys),
        payload: {
          TypeId: '1',
          LeadId: randomUUID(),
          Fields: [{ SchemaName: 'Title', Value: 'x' }],
          RelatedTicketTypeId: 1,
        },
      }),
  ],
  [
    'L2 create multipart',
    (keys, org) => {
      const form = multipart([
        { name: 'ticketDTO', value: JSON.stringify({ TypeId: '1', Fields: [], RelatedTicketTypeId: 1 }) },
        { name: 'files', filename: 'x.txt', content: Buffer.from('x') },
      ]);
      return inject({
        method: 'POST',
        url: `/api/tenants/${org}/tickets`,
        headers: { ...auth(keys), ...form.headers },
        payload: form.payload,
      });
    },
  ],
  [
    'L3 update by number',
    (keys, org, ref) =>
      inject({
        method: 'PUT',
        url: `/api/tenants/${org}/tickets/${ref.number}/update`,
        headers: auth(keys),
        payload: lsqBody(ref.number),
      }),
  ],
  [
    'L3 update by GUID',
    (keys, org, ref) =>
      inject({
        method: 'PUT',
        url: `/api/tenants/${org}/tickets/${ref.guid}/update`,
        headers: auth(keys),
        payload: lsqBody(ref.number),
      }),
  ],
  [
    'L4 get by number',
    (keys, org, ref) =>
      inject({ method: 'GET', url: `/api/tenants/${org}/tickets/${ref.number}`, headers: auth(keys) }),
  ],
  [
    'L4 get by GUID',
    (keys, org, ref) => inject({ method: 'GET', url: `/api/tenants/${org}/tickets/${ref.guid}`, headers: auth(keys) }),
  ],
  [
    'L4 get by key',
    (keys, org, ref) =>
      inject({
        method: 'GET',
        url: `/api/tenants/${org}/tickets/%23${String(ref.number).padStart(3, '0')}`,
        headers: auth(keys),
      }),
  ],
  [
    'L4 get by ?TicketId',
    (keys, org, ref) =>
      inject({ method: 'GET', url: `/api/tenants/${org}/tickets?TicketId=${ref.number}`, headers: auth(keys) }),
  ],
  [
    'L5 conversations',
    (keys, org, ref) =>
      inject({
        method: 'POST',
        url: `/api/tenants/${org}/conversation/filter`,
        headers: auth(keys),
        payload: { TicketId: ref.number, OrgId: org, ActivityType: ['InboundEmail', 'PortalInbound'] },
      }),
  ],
  [
    'L6 internal note',
    (keys, org, ref) =>
      inject({
        method: 'POST',
        url: `/api/tenants/${org}/internalnote/upload`,
        headers: auth(keys),
        payload: {
          TextPart: 'x',
          ActivityType: 'CreateInternalNote',
          StorageType: 'Permament',
          RelatedTicketId: ref.number,
        },
      }),
  ],
  [
    'L7 portal activity',
    (keys, org, ref) =>
      inject({
        method: 'POST',
        url: `/api/tenants/${org}/ticket/${ref.number}/portal/activity`,
        headers: auth(keys),
        payload: { Text: 'x', Direction: 'INBOUND' },
      }),
  ],
  [
    'L8 trash',
    (keys, org, ref) =>
      inject({
        method: 'PUT',
        url: `/api/tenants/${org}/tickets/trash`,
        headers: auth(keys),
        payload: { TicketIds: [String(ref.number)] },
      }),
  ],
  [
    'L9 lookups',
    (keys, org) => inject({ method: 'GET', url: `/api/tenants/${org}/lookups/Status/values`, headers: auth(keys) }),
  ],
  [
    'L10 fields',
    (keys, org) =>
      inject({
        method: 'POST',
        url: `/api/tenants/${org}/ticket-types/1/fields/filter`,
        headers: auth(keys),
        payload: { Limit: 25, Offset: 0, SearchText: '' },
      }),
  ],
  // The email channel's reply endpoint (docs/email.md): mailing from another tenant's ticket is the worst leak.
  [
    'E1 reply by number',
    (keys, org, ref) =>
      inject({
        method: 'POST',
        url: `/api/v1/tenants/${org}/tickets/${ref.number}/replies`,
        headers: auth(keys),
        payload: { text: 'sent from another tenant' },
      }),
  ],
  [
    'E1 reply by GUID',
    (keys, org, ref) =>
      inject({
        method: 'POST',
        url: `/api/v1/tenants/${org}/tickets/${ref.guid}/replies`,
        headers: auth(keys),
        payload: { text: 'sent from another tenant', internal: true },
      }),
  ],
  // Deskwire's event log and webhook endpoints (docs/webhooks.md).
  [
    'V1 events',
    (keys, org) => inject({ method: 'GET', url: `/api/v1/tenants/${org}/events?after=0`, headers: auth(keys) }),
  ],
  [
    'V1 event stream',
    (keys, org) => inject({ method: 'GET', url: `/api/v1/tenants/${org}/events/stream`, headers: auth(keys) }),
  ],
  [
    'V1 webhooks',
    (keys, org) => inject({ method: 'GET', url: `/api/v1/tenants/${org}/webhooks`, headers: auth(keys) }),
  ],
  [
    'V1 webhook create',
    (keys, org) =>
      inject({
        method: 'POST',
        url: `/api/v1/tenants/${org}/webhooks`,
        headers: auth(keys),
        payload: { url: 'https://attacker.invalid/' },
      }),
  ],
  [
    'V1 webhook get',
    (keys, org, ref) =>
      inject({ method: 'GET', url: `/api/v1/tenants/${org}/webhooks/${ref.webhookId}`, headers: auth(keys) }),
  ],
  [
    'V1 webhook update',
    (keys, org, ref) =>
      inject({
        method: 'PATCH',
        url: `/api/v1/tenants/${org}/webhooks/${ref.webhookId}`,
        headers: auth(keys),
        payload: { enabled: false },
      }),
  ],
  [
    'V1 webhook delete',
    (keys, org, ref) =>
      inject({ method: 'DELETE', url: `/api/v1/tenants/${org}/webhooks/${ref.webhookId}`, headers: auth(keys) }),
  ],
  [
    'V1 webhook deliveries',
    (keys, org, ref) =>
      inject({
        method: 'GET',
        url: `/api/v1/tenants/${org}/webhooks/${ref.webhookId}/deliveries`,
        headers: auth(keys),
      }),
  ],
  [
    'V1 webhook redeliver',
    (keys, org, ref) =>
      inject({
        method: 'POST',
        url: `/api/v1/tenants/${org}/webhooks/${ref.webhookId}/redeliver`,
        headers: auth(keys),
        payload: { deliveryId: ref.deliveryId },
      }),
  ],
];

/** A body each /api/v1 write takes (docs/api.md), so a cross-tenant call gets as far as it can. */
const NATIVE_BODIES: Record<string, unknown> = {
  'v1.updateTicket': { fields: { Title: 'overwritten by another tenant' } },
  'v1.assignTicket': { userId: null },
  'v1.addNote': { text: 'written by another tenant' },
  'v1.createUser': { name: 'Intruder', email: 'intruder@example.com' },
  'v1.updateUser': { role: 'Agent', name: 'renamed by another tenant' },
  'v1.createToken': { api: 'get' },
  'v1.setLookup': { values: ['Owned'] },
  'v1.addField': { name: 'Intruder', dataType: 'Text' },
  'v1.addMailbox': { address: 'stolen@victim.example' },
  'v1.setPresence': { activity: 'replying' },
  'v1.addFaultRule': { operation: 'lsq.getTicket', respond: { status: 503 } },
};

/** One /api/v1 call of the catalogue on an org path, naming `ref`'s ids (the reply endpoint is E1 above). */
function nativeCall(
  op: NativeOperation,
  keys: Keys | Record<string, string>,
  org: number,
  ref: Ref,
  refForm: 'number' | 'guid' = 'number',
) {
  const body = NATIVE_BODIES[op.name];
  const headers = 'accessKey' in keys && 'secretKey' in keys ? auth(keys as Keys) : (keys as Record<string, string>);
  return inject({
    method: op.method,
    url: expandPath(op.path, {
      orgId: org,
      ref: refForm === 'guid' ? ref.guid : ref.number,
      userId: ref.userId,
      accessKey: ref.accessKey,
      tokenId: ref.tokenId,
      faultId: ref.faultId,
      schemaName: 'Status',
      address: `isolation-${org}@victim.example`,
    }),
    headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { payload: JSON.stringify(body) }),
  });
}

/** Every /api/v1 operation on a tenant path, from the catalogue: a new one joins the matrix by itself. */
const NATIVE_TENANT_OPS = NATIVE_OPERATION_LIST.filter(
  (op) => op.path.includes('{orgId}') && op.name !== 'v1.replyToCustomer',
);
lsqCalls.push(
  ...NATIVE_TENANT_OPS.map((op): [string, (keys: Keys, org: number, ref: Ref) => Promise<LightMyRequestResponse>] => [
    `${op.name} ${op.method} ${op.path}`,
    (keys, org, ref) => nativeCall(op, keys, org, ref),
  ]),
);

/** /api/v1 operations that name a tenant's object by id (ticket, user, key, token, fault rule). */
const NATIVE_ID_OPS = NATIVE_TENANT_OPS.filter((op) => /\{(ref|userId|accessKey|tokenId|faultId)\}/.test(op.path));

/** Calls on the attacker's own org path / own tokens that name the victim's ids. */
const ownPathCalls: Array<[string, Call]> = [
  ...lsqCalls
    .filter(([name]) => /^(L[345678]|E1) |^V1 webhook (get|update|delete|deliveries|redeliver)$/.test(name))
    .map(([name, call]): [string, Call] => [
      name,
      (attacker, _victim, ref) => call(attacker.keys, attacker.orgId, ref),
    ]),
  ...NATIVE_ID_OPS.flatMap(
    (op): Array<[string, Call]> => [
      [
        `${op.name} ${op.method} ${op.path}`,
        (attacker, _victim, ref) => nativeCall(op, attacker.keys, attacker.orgId, ref),
      ],
      ...(op.path.includes('{ref}')
        ? [
            [
              `${op.name} by GUID`,
              (attacker: TenantWorld, _victim: TenantWorld, ref: Ref) =>
                nativeCall(op, attacker.keys, attacker.orgId, ref, 'guid'),
            ] as [string, Call],
          ]
        : []),
    ],
  ),
  [
    'K2 update',
    (attacker, _victim, ref) =>
      kap(attacker.tokens.update, KAP_PATH.update, [{ ticket_id: ref.kapId, comment: 'x', title: 'overwritten' }]),
  ],
  [
    'K3 get',
    (attacker, _victim, ref) =>
      kap(attacker.tokens.get, KAP_PATH.get, { ticket_ids: ref.kapId, conversation_type: 'all' }),
  ],
  [
    'K6 get customer by id',
    (attacker, _victim, ref) =>
      kap(attacker.tokens.getCustomer, KAP_PATH.getCustomer, [{ kapture_customer_id: ref.customerId }]),
  ],
  [
    'K6 get customer by email',
    (attacker, _victim, ref) =>
      kap(attacker.tokens.getCustomer, KAP_PATH.getCustomer, [{ email_id: ref.customerEmail }]),
  ],
];

function kap(token: string, path: string, body: unknown) {
  return inject({
    method: 'POST',
    url: path,
    headers: { authorization: `Basic ${token}`, 'content-type': 'application/json' },
    payload: JSON.stringify(body),
  });
}

/** The body with the id it names replaced, so the victim's and the nowhere answer compare. */
function normalized(res: LightMyRequestResponse, ref: Ref): string {
  let text = `${res.statusCode} ${res.body}`;
  for (const id of [
    ref.userId,
    ref.accessKey,
    ref.tokenId,
    ref.faultId,
    ref.webhookId,
    ref.deliveryId,
    ref.kapId,
    ref.guid,
    ref.customerId,
    ref.customerEmail,
    String(ref.number).padStart(3, '0'),
    String(ref.number),
  ]) {
    text = text.split(id).join('<id>');
  }
  return text;
}

describe('tenant isolation matrix', { timeout: 60_000 }, () => {
  let before_: { a: string; b: string };
  before(async () => {
    world = await startTwoTenants();
    for (const tenant of [world.a, world.b]) {
      const users = await world.server.deskwire.storage.users.list(tenant.orgId);
      const key = await world.server.deskwire.storage.users.findKey(tenant.keys.accessKey);
      const rule = await inject({
        method: 'POST',
        url: `/api/v1/tenants/${tenant.orgId}/sandbox/faults`,
        headers: { ...auth(tenant.keys), 'content-type': 'application/json' },
        payload: JSON.stringify({ operation: 'lsq.getTicket', probability: 0, respond: { status: 500 } }),
      });
      assert.equal(rule.statusCode, 201, rule.body);
      extraIds.set(tenant.orgId, {
        userId: key?.user.id ?? users[0]?.id ?? '',
        accessKey: tenant.keys.accessKey,
        tokenId: tenant.tokens.get.split('_')[1] ?? '',
        faultId: (rule.json() as { id: string }).id,
      });
      await createUser(
        { orgId: tenant.orgId, name: 'Desk', email: `desk-${tenant.orgId}@example.com`, password: PASSWORD },
        world.server.deskwire,
      );
      const signed = await inject({
        method: 'POST',
        url: '/api/v1/session',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ email: `desk-${tenant.orgId}@example.com`, password: PASSWORD }),
      });
      assert.equal(signed.statusCode, 201, signed.body);
      const cookie = signed.cookies.find((c) => c.name === 'deskwire_session');
      sessions.set(tenant.orgId, {
        cookie: `deskwire_session=${cookie?.value}`,
        'x-deskwire-csrf': (signed.json() as { csrfToken: string }).csrfToken,
      });
    }
    before_ = { a: await snapshot(world.server, world.a), b: await snapshot(world.server, world.b) };
  });
  after(() => world.server.close());

  for (const direction of ['A on B', 'B on A'] as const) {
    const pick = () => (direction === 'A on B' ? [world.a, world.b] : [world.b, world.a]) as [TenantWorld, TenantWorld];
    const nowhere = (): Ref => ({
      number: NOWHERE,
      guid: randomUUID(),
      kapId: '999999999999',
      customerId: '268435455',
      customerEmail: 'nobody-anywhere@example.com',
      userId: randomUUID(),
      accessKey: 'u$r00000000000000000000000000000000',
      tokenId: '0123456789abcdef',
      faultId: 'fault-999999',
      webhookId: 'wh_000000000000000000000000',
      deliveryId: 'dlv_00000000000000000000000000000000',
    });

    describe(`${direction}: own keys on the other org path answer exactly as wrong keys`, () => {
      for (const [name, call] of lsqCalls) {
        test(name, async () => {
          const [attacker, victim] = pick();
          const res = await call(attacker.keys, victim.orgId, refOf(victim));
          const baseline = await call(NO_KEYS, victim.orgId, refOf(victim));
          assert.equal(res.statusCode, 401);
          assert.deepEqual(res.json(), baseline.json());
        });
      }
    });

    describe(`${direction}: the other tenant's ids on own path/tokens answer exactly as ids that exist nowhere`, () => {
      for (const [name, call] of ownPathCalls) {
        test(name, async () => {
          const [attacker, victim] = pick();
          const res = await call(attacker, victim, refOf(victim));
          const none = nowhere();
          const baseline = await call(attacker, victim, none);
          assert.ok(
            res.statusCode >= 400 || name.startsWith('L8') || name.startsWith('K3'),
            `refused: ${res.statusCode}`,
          );
          assert.equal(normalized(res, refOf(victim)), normalized(baseline, none));
          if (name.startsWith('L8')) assert.deepEqual(res.json(), { SuccessfulIds: [], FailedIds: [victim.number] });
          if (name.startsWith('K3')) assert.deepEqual(res.json(), []);
        });
      }
      test('V1 events: the own event log holds none of the other tenant events', async () => {
        const [attacker, victim] = pick();
        const res = await inject({
          method: 'GET',
          url: `/api/v1/tenants/${attacker.orgId}/events?limit=500`,
          headers: auth(attacker.keys),
        });
        assert.equal(res.statusCode, 200);
        const events = (res.json() as { events: Array<{ orgId: number; ticket: { id: string } | null }> }).events;
        assert.ok(events.length > 0);
        assert.ok(events.every((e) => e.orgId === attacker.orgId));
        assert.ok(!res.body.includes(victim.guid), 'victim ticket GUID absent');
      });
      test('K4 pull lists none of the other tenant tickets', async () => {
        const [attacker, victim] = pick();
        const today = new Date(Date.now() + 330 * 60_000).toISOString().slice(0, 10);
        const res = await kap(attacker.tokens.pull, KAP_PATH.pull, { start_date: today, end_date: today, limit: 500 });
        assert.equal(res.statusCode, 200);
        assert.ok(!res.body.includes(victim.kapId), 'victim ticket id absent');
        assert.ok(!res.body.includes(`secret of ${victim.orgId}`), 'victim title absent');
      });
      test("K5 with the other tenant's customer email adds a customer of one's own, never updates theirs", async () => {
        const [attacker, victim] = pick();
        const res = await kap(attacker.tokens.addCustomer, KAP_PATH.addCustomer, [
          { email: victim.customerEmail, name: 'overwritten by another tenant', city: 'elsewhere' },
        ]);
        assert.equal(res.statusCode, 200, res.body);
        const body = res.json() as { Message: string; 'Kapture Customer Id': string };
        assert.equal(body.Message, 'Customer Added Successfully');
        assert.notEqual(body['Kapture Customer Id'], victim.customerId);
      });
    });

    describe(`${direction}: /api/v1 sessions`, () => {
      for (const op of NATIVE_TENANT_OPS) {
        test(`${op.name}: own session (with its CSRF token) on the other org path answers exactly as no session`, async () => {
          const [attacker, victim] = pick();
          const session = sessions.get(attacker.orgId);
          assert.ok(session);
          const res = await nativeCall(op, session, victim.orgId, refOf(victim));
          const baseline = await nativeCall(op, {}, victim.orgId, refOf(victim));
          assert.equal(res.statusCode, 401, res.body);
          assert.deepEqual(res.json(), baseline.json());
        });
      }
      test('v1 list and search on own path list none of the other tenant tickets', async () => {
        const [attacker, victim] = pick();
        for (const url of [
          `/api/v1/tenants/${attacker.orgId}/tickets?limit=100`,
          `/api/v1/tenants/${attacker.orgId}/tickets/search?q=${encodeURIComponent(`secret of ${victim.orgId}`)}`,
          `/api/v1/tenants/${attacker.orgId}/tickets/search?q=${victim.guid}`,
          `/api/v1/tenants/${attacker.orgId}/tickets?trashed=true`,
        ]) {
          const res = await inject({ method: 'GET', url, headers: auth(attacker.keys) });
          assert.equal(res.statusCode, 200, res.body);
          assert.ok(!res.body.includes(victim.guid), `${url}: victim ticket absent`);
          assert.ok(!res.body.includes(`secret of ${victim.orgId}`), `${url}: victim title absent`);
        }
      });
    });
    describe(`${direction}: the other tenant's tokens and keys on own endpoints`, () => {
      for (const api of ['get', 'add', 'update', 'pull', 'getCustomer'] as const) {
        test(`K ${api}: a token works only for its own tenant's data`, async () => {
          const [attacker, victim] = pick();
          // The token names its tenant: the victim's ids through it are "no data", never the attacker's.
          const request = (ref: Ref) =>
            api === 'get'
              ? { ticket_ids: ref.kapId }
              : api === 'update'
                ? [{ ticket_id: ref.kapId, comment: 'x' }]
                : api === 'getCustomer'
                  ? [{ kapture_customer_id: ref.customerId }]
                  : undefined;
          const body = request(refOf(attacker));
          if (body === undefined) return;
          const res = await kap(victim.tokens[api], KAP_PATH[api], body);
          const baseline = await kap(victim.tokens[api], KAP_PATH[api], request(nowhere()));
          assert.equal(normalized(res, refOf(attacker)), normalized(baseline, nowhere()));
        });
      }
    });

    describe(`${direction}: downloads and sandbox controls`, () => {
      test('a signed download with the id swapped to the other tenant attachment is InvalidSignature, as for a made-up id', async () => {
        const [attacker, victim] = pick();
        const victimId = victim.download.split('/')[2] as string;
        const swapped = attacker.download.replace(/^\/files\/[^/]+\//, `/files/${victimId}/`);
        const madeUp = attacker.download.replace(/^\/files\/[^/]+\//, `/files/${randomUUID()}/`);
        const res = await inject({ method: 'GET', url: swapped, headers: auth(attacker.keys) });
        const baseline = await inject({ method: 'GET', url: madeUp, headers: auth(attacker.keys) });
        assert.equal(res.statusCode, 403);
        assert.deepEqual(res.json(), baseline.json());
        assert.equal(res.json().ExceptionType, 'InvalidSignature');
      });
      test('tenant keys and Kapture tokens never open the sandbox controls of the other tenant', async () => {
        const [attacker, victim] = pick();
        const url = `/_deskwire/tenants/${victim.orgId}/requests`;
        const wrong = await inject({ method: 'GET', url, headers: { authorization: 'Bearer wrong-token' } });
        for (const headers of [
          auth(attacker.keys),
          { authorization: `Bearer ${attacker.keys.secretKey}` },
          { authorization: `Bearer ${attacker.tokens.get}` },
          { 'x-deskwire-admin-token': attacker.tokens.pull },
        ]) {
          const res = await inject({ method: 'GET', url, headers });
          assert.equal(res.statusCode, 401);
          assert.deepEqual(res.json(), wrong.json());
        }
        const admin = await inject({ method: 'GET', url, headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
        assert.equal(admin.statusCode, 200, 'the admin token does (baseline)');
      });
      test("the mailbox controls: tenant credentials get the wrong-token 401, and the admin on the attacker's path neither lists nor removes the victim's address", async () => {
        const [attacker, victim] = pick();
        const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
        const address = `isolation-${victim.orgId}@victim.example`;
        const base = (orgId: number) => `/_deskwire/tenants/${orgId}/mailboxes`;
        const added = await inject({ method: 'POST', url: base(victim.orgId), headers: admin, payload: { address } });
        assert.equal(added.statusCode, 201, added.body);
        try {
          const calls: Array<Pick<InjectOptions, 'method' | 'url' | 'payload'>> = [
            { method: 'GET', url: base(victim.orgId) },
            { method: 'POST', url: base(victim.orgId), payload: { address: 'stolen@victim.example' } },
            { method: 'DELETE', url: `${base(victim.orgId)}/${address}` },
          ];
          for (const call of calls) {
            const wrong = await inject({ ...call, headers: { authorization: 'Bearer wrong-token' } });
            assert.equal(wrong.statusCode, 401);
            for (const headers of [
              auth(attacker.keys),
              { authorization: `Bearer ${attacker.keys.secretKey}` },
              { authorization: `Bearer ${attacker.tokens.get}` },
            ]) {
              const res = await inject({ ...call, headers });
              assert.equal(res.statusCode, 401, `${call.method} ${call.url}`);
              assert.deepEqual(res.json(), wrong.json());
            }
          }
          // Tenant-scoped even for the admin: the attacker's list lacks it, and removing it through the attacker's
          // path is the 404 of an address the attacker never had.
          const listed = await inject({ method: 'GET', url: base(attacker.orgId), headers: admin });
          assert.ok(!(listed.json() as { addresses: string[] }).addresses.includes(address));
          const removed = await inject({ method: 'DELETE', url: `${base(attacker.orgId)}/${address}`, headers: admin });
          const madeUp = await inject({
            method: 'DELETE',
            url: `${base(attacker.orgId)}/never-${attacker.orgId}@victim.example`,
            headers: admin,
          });
          assert.equal(removed.statusCode, 404);
          assert.equal(removed.json().ExceptionType, madeUp.json().ExceptionType);
          // /api/v1 with the attacker's own (Admin) keys on its own path: the victim's address is not there either.
          const v1 = (orgId: number) => `/api/v1/tenants/${orgId}/mailboxes`;
          const own = await inject({ method: 'GET', url: v1(attacker.orgId), headers: auth(attacker.keys) });
          assert.equal(own.statusCode, 200, own.body);
          assert.ok(!(own.json() as { addresses: string[] }).addresses.includes(address));
          const v1Removed = await inject({
            method: 'DELETE',
            url: `${v1(attacker.orgId)}/${address}`,
            headers: auth(attacker.keys),
          });
          const v1MadeUp = await inject({
            method: 'DELETE',
            url: `${v1(attacker.orgId)}/never-${attacker.orgId}@victim.example`,
            headers: auth(attacker.keys),
          });
          assert.equal(v1Removed.statusCode, 404);
          assert.deepEqual(v1Removed.json().error.code, v1MadeUp.json().error.code);
          const still = await inject({ method: 'GET', url: base(victim.orgId), headers: admin });
          assert.deepEqual((still.json() as { addresses: string[] }).addresses, [address]);
        } finally {
          await inject({ method: 'DELETE', url: `${base(victim.orgId)}/${address}`, headers: admin });
        }
      });
      test('GET /openapi.json is one document for everyone: the same bytes with either tenant or no credentials, no tenant named', async () => {
        const [attacker, victim] = pick();
        const anonymous = await inject({ method: 'GET', url: '/openapi.json' });
        assert.equal(anonymous.statusCode, 200);
        for (const headers of [
          auth(attacker.keys),
          auth(victim.keys),
          { authorization: `Basic ${attacker.tokens.get}` },
        ]) {
          const res = await inject({ method: 'GET', url: '/openapi.json', headers });
          assert.equal(res.body, anonymous.body);
        }
        for (const orgId of [attacker.orgId, victim.orgId]) {
          assert.ok(!anonymous.body.includes(`"${orgId}"`) && !anonymous.body.includes(`/${orgId}/`));
        }
      });
    });
  }

  describe('afterwards', () => {
    test("tenant A's data is unchanged", async () => {
      assert.equal(await snapshot(world.server, world.a), before_.a);
    });
    test("tenant B's data is unchanged", async () => {
      assert.equal(await snapshot(world.server, world.b), before_.b);
    });
  });
});
