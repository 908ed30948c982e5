import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import {
  formatLsqDateTime,
  jsonSchemas,
  LsqConversationFilterRequest,
  LsqConversationFilterResponse,
  LsqCreateTicketRequest,
  LsqGetTicketResponse,
  LsqInternalNoteRequest,
  LsqInternalNoteResponse,
  LsqTicketWriteResponse,
  lsqRateLimitMessage,
  parseLsqDateTime,
} from '@deskwire/wire';
import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

const fixture = async (name: string) =>
  JSON.parse(await readFile(new URL(`../../server/test/fixtures/${name}`, import.meta.url), 'utf8'));

const valid = (schema: TSchema, value: unknown) =>
  assert.ok(Value.Check(schema, value), JSON.stringify([...Value.Errors(schema, value)][0]));
const invalid = (schema: TSchema, value: unknown) => assert.equal(Value.Check(schema, value), false);

describe('LeadSquared wire schemas accept the documented examples and the documented id types only', () => {
  test('L1 create request (TypeId string, RelatedTicketTypeId number, LeadId GUID or LeadDetail array)', () => {
    const documented = {
      TypeId: '1',
      Id: null,
      LeadId: '8eee83bb-0462-4d6b-b396-6afb9a4608f2',
      Fields: [{ SchemaName: 'Title', Value: 'Ticket creation through APIs' }],
      RelatedTicketTypeId: 1,
    };
    valid(LsqCreateTicketRequest, documented);
    valid(LsqCreateTicketRequest, {
      ...documented,
      LeadId: [{ SchemaName: 'LeadDetail.EmailAddress', Value: 'a@b.c' }],
    });
    invalid(LsqCreateTicketRequest, { ...documented, TypeId: 1 });
    invalid(LsqCreateTicketRequest, { ...documented, RelatedTicketTypeId: '1' });
    invalid(LsqCreateTicketRequest, { ...documented, LeadId: [{ SchemaName: 'Title', Value: 'x' }] });
  });

  test('L1/L2 write response (Id string, Key #NNN, TicketId GUID)', () => {
    valid(LsqTicketWriteResponse, {
      Status: 'Success',
      ReasonForFailure: null,
      Id: '157',
      Message: 'Ticket has been created successfully',
      Key: '#157',
      TicketId: '5af882cc-49c8-403f-8dba-c7e356e9baf7',
    });
    invalid(LsqTicketWriteResponse, {
      Status: 'Success',
      ReasonForFailure: null,
      Id: 157,
      Message: null,
      Key: '#157',
      TicketId: null,
    });
  });

  test('L4 get response: the seed verbatim, and TypeId must stay a string', async () => {
    const seed = await fixture('lsq-get-ticket-143.json');
    valid(LsqGetTicketResponse, seed);
    invalid(LsqGetTicketResponse, { ...seed, TypeId: null });
    invalid(LsqGetTicketResponse, { ...seed, Id: 143 });
  });

  test('L5 request (TicketId number) and response (numeric conversation Id, Conversations null)', async () => {
    valid(LsqConversationFilterRequest, { TicketId: 143, OrgId: 22824, ActivityType: ['InboundEmail'] });
    invalid(LsqConversationFilterRequest, { TicketId: '143', OrgId: 22824, ActivityType: ['InboundEmail'] });
    invalid(LsqConversationFilterRequest, { TicketId: 143, OrgId: 22824, ActivityType: ['CreateInternalNote'] });
    const seed = await fixture('lsq-conversations-143.json');
    valid(LsqConversationFilterResponse, seed);
    invalid(LsqConversationFilterResponse, { ...seed, Conversations: [] });
  });

  test('L6 note: "Permament" literally, RelatedTicketId number in and string out', () => {
    const documented = {
      TextPart: 'Resolve this ticket ASAP.',
      ActivityType: 'CreateInternalNote',
      StorageType: 'Permament',
      RelatedTicketId: 143,
    };
    valid(LsqInternalNoteRequest, documented);
    invalid(LsqInternalNoteRequest, { ...documented, StorageType: 'Permanent' });
    invalid(LsqInternalNoteRequest, { ...documented, RelatedTicketId: '143' });
    valid(LsqInternalNoteResponse, {
      Message: 'Activity Created',
      RelatedTicketId: '143',
      RelatedOrgId: '22824',
      RelatedChannelMonitoringRequestId: 0,
    });
    invalid(LsqInternalNoteResponse, {
      Message: 'Activity Created',
      RelatedTicketId: 143,
      RelatedOrgId: '22824',
      RelatedChannelMonitoringRequestId: 0,
    });
  });

  test('every schema is exported as plain JSON Schema', () => {
    for (const [name, schema] of Object.entries(jsonSchemas)) {
      const plain = JSON.parse(JSON.stringify(schema));
      assert.ok(plain.type === 'object' || plain.type === 'array', name);
      assert.ok(plain.properties || plain.items, name);
    }
  });
});

describe('LeadSquared date-time format', () => {
  for (const [iso, wire] of [
    ['2024-08-28T12:38:36.198Z', '2024-08-28T12:38:36.198'],
    ['2024-08-28T13:55:43.680Z', '2024-08-28T13:55:43.68'],
    ['2024-08-29T10:36:23.000Z', '2024-08-29T10:36:23'],
  ] as const) {
    test(`${iso} is written ${wire} and read back`, () => {
      assert.equal(formatLsqDateTime(new Date(iso)), wire);
      assert.equal(parseLsqDateTime(wire)?.toISOString(), iso);
    });
  }
  test('anything else is not a vendor timestamp', () => {
    for (const bad of ['2024-08-29', '2024-08-29 10:36:23', '29-08-2024 10:36', '2024-08-29T10:36:23Z', '']) {
      assert.equal(parseLsqDateTime(bad), undefined, bad);
    }
  });
  test('seven fraction digits (.NET ticks) are accepted', () => {
    assert.equal(parseLsqDateTime('2024-08-28T12:38:36.1980000')?.toISOString(), '2024-08-28T12:38:36.198Z');
  });
});

test('the 429 text is the documented sentence', () => {
  assert.equal(lsqRateLimitMessage(25, 5), 'API calls exceeded the limit of 25 in 5 second(s)');
});
