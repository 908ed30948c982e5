// Client: (1) the SDK fetching N tickets with their conversations (2N calls) from a server limited
// to the vendor's 25 calls per 5 s, against the theoretical minimum; (2) the SDK's per-call cost
// over a bare `fetch` to the same unlimited server, in alternating rounds.
import { LeadSquaredClient } from '@deskwire/client';
import { startDeskwire } from '../lib/deskwire-server.js';
import { createBenchData, createTickets, ORG, SEED_TICKET, setRateLimit, UNLIMITED } from '../lib/fixture.js';
import type { Row } from '../lib/report.js';
import type { Scenario } from '../lib/scenario.js';
import { figure, ratio } from '../lib/stats.js';
import { times } from '../lib/table.js';

/** LeadSquared's documented budget per access key (vendor-apis.md §4): 25 calls per 5 s. */
const MAX = 25;
const WINDOW_MS = 5000;

export const clientScenario: Scenario = {
  name: 'client',
  description: 'SDK under the 25/5 s limit vs the theoretical minimum; SDK per-call overhead vs bare fetch',
  async run(settings) {
    const data = await createBenchData();
    const rows: Row[] = [];
    try {
      let numbers: number[];
      let server = await startDeskwire({ dataDir: data.dataDir });
      try {
        numbers = [SEED_TICKET, ...(await createTickets(server.url, data, settings.clientTickets - 1))];
        rows.push(...(await overhead(server.url, data.lsqHeaders, settings.rounds, settings.overheadCalls)));
      } finally {
        await server.stop();
      }

      await setRateLimit(data, { max: MAX, windowMs: WINDOW_MS });
      server = await startDeskwire({ dataDir: data.dataDir });
      try {
        let limited = 0;
        const sdk = new LeadSquaredClient({
          host: server.url,
          orgId: ORG,
          accessKey: data.lsqHeaders['x-lsq-access-key'] ?? '',
          secretKey: data.lsqHeaders['x-lsq-secret-key'] ?? '',
          debug: (e) => {
            if (e.type === 'response' && e.status === 429) limited++;
          },
        });
        const started = performance.now();
        await Promise.all(
          numbers.map(async (n) => {
            await sdk.getTicket(n);
            await sdk.getTicketConversations({
              TicketId: n,
              OrgId: ORG,
              ActivityType: ['InboundEmail', 'OutboundEmail'],
            });
          }),
        );
        const elapsed = performance.now() - started;
        const calls = numbers.length * 2;
        // The first window's 25 calls are free: N calls need (ceil(N/25) - 1) full windows after it.
        const minimum = (Math.ceil(calls / MAX) - 1) * WINDOW_MS;
        rows.push({
          scenario: 'client',
          case: `SDK: ${numbers.length} tickets + conversations (${calls} calls) at ${MAX}/${WINDOW_MS / 1000} s`,
          ours: `${(elapsed / 1000).toFixed(1)} s, ${limited} × 429`,
          reference: `theoretical minimum ${(minimum / 1000).toFixed(0)} s`,
          ratio: `${times(elapsed / minimum)} the minimum`,
          figures: {
            elapsed_ms: figure('ms', [elapsed]),
            minimum_ms: figure('ms', [minimum]),
            http_429: figure('count', [limited]),
          },
        });
      } finally {
        await server.stop();
      }
      await setRateLimit(data, UNLIMITED);
      return rows;
    } finally {
      await data.remove();
    }
  },
};

/** µs per sequential L4 call: bare fetch + JSON.parse vs the SDK (validating, limiter off). */
async function overhead(base: string, headers: Record<string, string>, rounds: number, calls: number): Promise<Row[]> {
  const url = `${base}/api/tenants/${ORG}/tickets/${SEED_TICKET}`;
  const sdk = new LeadSquaredClient({
    host: base,
    orgId: ORG,
    accessKey: headers['x-lsq-access-key'] ?? '',
    secretKey: headers['x-lsq-secret-key'] ?? '',
    rateLimit: false,
  });
  const cases = {
    bare: async () => (await fetch(url, { headers: { ...headers, accept: 'application/json' } })).json(),
    sdk: () => sdk.getTicket(SEED_TICKET),
  };
  const perCall = async (call: () => Promise<unknown>) => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) await call();
    return Number(process.hrtime.bigint() - t0) / 1e3 / calls;
  };
  for (const call of Object.values(cases)) for (let i = 0; i < 100; i++) await call(); // warm up
  const bare: number[] = [];
  const viaSdk: number[] = [];
  for (let round = 0; round < rounds; round++) {
    if (round % 2 === 0) {
      bare.push(await perCall(cases.bare));
      viaSdk.push(await perCall(cases.sdk));
    } else {
      viaSdk.push(await perCall(cases.sdk));
      bare.push(await perCall(cases.bare));
    }
  }
  const figures = {
    bare_us: figure('µs/call', bare),
    sdk_us: figure('µs/call', viaSdk),
    sdk_over_bare: figure(
      'ratio',
      viaSdk.map((v, i) => v / (bare[i] ?? Number.NaN)),
    ),
  };
  const extra = figures.sdk_us.median - figures.bare_us.median;
  return [
    {
      scenario: 'client',
      case: `SDK getTicket vs bare fetch, ${calls} sequential calls × ${rounds} rounds`,
      ours: `SDK ${figures.sdk_us.median.toFixed(0)} µs/call`,
      reference: `bare fetch + JSON.parse ${figures.bare_us.median.toFixed(0)} µs/call`,
      ratio: `${times(figures.sdk_over_bare.median)} (${extra >= 0 ? '+' : ''}${extra.toFixed(0)} µs/call; ${times(ratio(figures.sdk_us, figures.bare_us))} of medians)`,
      figures,
    },
  ];
}
