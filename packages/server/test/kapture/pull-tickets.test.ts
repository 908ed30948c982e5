import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import {
  createKapTicket,
  issueTokens,
  KAP_DATE,
  kap,
  SEED_TICKET_ID,
  type Tokens,
  todayIst,
} from './kapture-test-server.js';

type Json = Record<string, unknown>;
const DAY = 24 * 60 * 60 * 1000;

describe('K4 POST /select-ticket-between-start-and-end-dates.html/v.2.0', () => {
  let server: TestServer;
  let tokens: Tokens;
  let today: string;
  let tomorrow: string;
  const created: { today: string[]; tomorrow: string[] } = { today: [], tomorrow: [] };
  before(async () => {
    server = await startTestServer({ logLevel: false });
    await server.unlimit();
    tokens = await issueTokens(server);
    today = todayIst(server.deskwire.now());
    for (let i = 0; i < 5; i++) created.today.push(await createKapTicket(server, tokens, { title: `today ${i}` }));
    server.advanceClock(DAY);
    tomorrow = todayIst(server.deskwire.now());
    for (let i = 0; i < 2; i++)
      created.tomorrow.push(await createKapTicket(server, tokens, { title: `tomorrow ${i}` }));
  });
  after(() => server.close());

  const pull = (payload: unknown) => kap(server, 'pull', tokens.pull, payload);
  const ids = (body: { message: Json[] }) => body.message.map((t) => t.ticketId);

  test('the documented request (an array, one day) lists that day, in the seed shape, with totalCount', async () => {
    const res = await pull([{ limit: 1, start_date: '2024-08-28', end_date: '2024-08-28' }]);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json() as { totalCount: number; message: Json[]; status: string };
    assert.deepEqual(Object.keys(body), ['totalCount', 'message', 'status']);
    assert.equal(body.status, 'success');
    assert.equal(body.totalCount, 1);
    assert.deepEqual(ids(body), [SEED_TICKET_ID], 'the demo ticket was created on 28-08-2024 (IST)');
    const item = body.message[0] as Json;
    assert.match(item.date as string, KAP_DATE);
    assert.ok('lastConvesationTime' in item);
    assert.equal(typeof item.taskId, 'number');
  });

  test('the day is a day of the tenant zone, end_date inclusive, oldest first', async () => {
    const first = (await pull([{ start_date: today, end_date: today }])).json() as {
      totalCount: number;
      message: Json[];
    };
    assert.equal(first.totalCount, 5);
    assert.deepEqual(ids(first), created.today);
    const second = (await pull({ start_date: tomorrow, end_date: tomorrow })).json() as { message: Json[] };
    assert.deepEqual(ids(second), created.tomorrow, 'a bare object works too');
    const empty = (await pull([{ start_date: '2020-01-01', end_date: '2020-01-01' }])).json() as Json;
    assert.deepEqual(empty, { totalCount: 0, message: [], status: 'success' }, 'no tickets: an empty array');
  });

  test('limit and offset page the list (numbers or numeric strings); totalCount counts all', async () => {
    const page = async (limit: unknown, offset: unknown) =>
      (await pull([{ start_date: today, end_date: today, limit, offset }])).json() as {
        totalCount: number;
        message: Json[];
      };
    const one = await page(2, 0);
    const two = await page('2', '2');
    const three = await page(2, 4);
    assert.deepEqual([one.totalCount, two.totalCount, three.totalCount], [5, 5, 5]);
    assert.deepEqual([...ids(one), ...ids(two), ...ids(three)], created.today);
    assert.deepEqual(ids(await page(2, 10)), []);
    assert.deepEqual(ids(await page('', '')), created.today, 'empty strings: the defaults');
  });

  const failures: Array<[string, unknown, string]> = [
    ['no start_date', [{ end_date: '2024-04-22' }], 'either start_date is null or blank'],
    ['an empty start_date', [{ start_date: '', end_date: '2024-04-22' }], 'either start_date is null or blank'],
    ['no end_date', [{ start_date: '2024-04-22' }], 'either end_date is null or blank'],
    [
      'a start_date in another format',
      [{ start_date: '22-04-2024', end_date: '2024-04-22' }],
      'Invalid Format.start_date should be yyyy-MM-dd.',
    ],
    [
      'an end_date that is no date',
      [{ start_date: '2024-04-22', end_date: '2024-04-31' }],
      'Invalid Format.end_date should be yyyy-MM-dd.',
    ],
    [
      'more than one day',
      [{ start_date: '2024-04-22', end_date: '2024-04-23' }],
      'Date range should not exceed 24 hours: end_date (inclusive) should equal start_date.',
    ],
    [
      'end before start',
      [{ start_date: '2024-04-22', end_date: '2024-04-21' }],
      'end_date should not be before start_date.',
    ],
    [
      'a limit of 0',
      [{ start_date: '2024-04-22', end_date: '2024-04-22', limit: 0 }],
      'limit should be a number from 1 to 500.',
    ],
    [
      'a limit over 500',
      [{ start_date: '2024-04-22', end_date: '2024-04-22', limit: '501' }],
      'limit should be a number from 1 to 500.',
    ],
    [
      'a limit that is no number',
      [{ start_date: '2024-04-22', end_date: '2024-04-22', limit: 'ten' }],
      "Invalid body: 'limit' is not of an accepted type",
    ],
    ['an empty array', [], 'Invalid Json.'],
  ];
  for (const [name, payload, message] of failures) {
    test(`failure: ${name} → 400 ${message}`, async () => {
      const res = await pull(payload);
      assert.equal(res.statusCode, 400, res.body);
      assert.deepEqual(res.json(), { message, status: 'failed' });
    });
  }
});
