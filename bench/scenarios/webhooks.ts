// Webhooks (issue 18): (1) the write-path cost of the transactional outbox: L1 creates/s against
// `deskwire serve` without any webhook, and with one webhook configured (each create then also writes
// its event and a delivery row, and the dispatcher delivers it), same run, alternating; (2) write →
// delivery latency to a local receiver at a steady write load (an open loop of creates at a fixed rate):
// from the moment a create is sent to the moment its signed `ticket.created` reaches the receiver.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createWebhook, newWebhookSecret } from '@deskwire/server';
import { type ServerChild, startChild } from '../lib/child.js';
import { createBenchData, createBody, createTicketSpec, ORG } from '../lib/fixture.js';
import { load } from '../lib/load.js';
import type { Row } from '../lib/report.js';
import type { Scenario } from '../lib/scenario.js';
import { figure, percentile, ratio } from '../lib/stats.js';

const BIN = fileURLToPath(new URL('../../packages/cli/dist/bin.js', import.meta.url));

interface Receiver {
  url: string;
  /** Arrival time (performance.now()) of the first delivery of each ticket number's `ticket.created`. */
  arrivals: Map<number, number>;
  count: () => number;
  close: () => Promise<void>;
}

async function startReceiver(): Promise<Receiver> {
  const arrivals = new Map<number, number>();
  let count = 0;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      const at = performance.now();
      count++;
      const event = JSON.parse(body) as { type: string; ticket: { number: number } | null };
      if (event.type === 'ticket.created' && event.ticket && !arrivals.has(event.ticket.number)) {
        arrivals.set(event.ticket.number, at);
      }
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    arrivals,
    count: () => count,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function serve(dataDir: string): Promise<ServerChild> {
  const args = [BIN, 'serve', '--port', '0', '--data-dir', dataDir, '--log-level', 'silent', '--migrate'];
  // An open loop opens a connection per request in flight: lift the per-address cap (a bench, not an attack).
  const flags = ['--webhooks-allow-private', '--max-connections-per-ip', '0'];
  return startChild(process.execPath, [...args, ...flags], /^(http:\/\/\S+)\s*$/m);
}

export const webhooksScenario: Scenario = {
  name: 'webhooks',
  description:
    'L1 create throughput without and with a webhook (outbox cost); write → delivery latency p50/p99 at a steady load',
  async run(settings) {
    const receiver = await startReceiver();
    const without: number[] = [];
    const withHook: number[] = [];
    const p50s: number[] = [];
    const p99s: number[] = [];
    const seconds = settings.quick ? 5 : 10;
    // The steady load: half the create throughput measured without a webhook in the same round, so the
    // latency is the pipeline's, not a queue of writes the server cannot keep up with.
    let rate = 0;
    try {
      for (let round = 0; round < settings.rounds; round++) {
        for (const hooked of [false, true]) {
          const data = await createBenchData({
            ...(hooked && {
              prepare: async (d) => {
                await createWebhook({ orgId: ORG, url: receiver.url, secret: newWebhookSecret() }, d);
              },
            }),
          });
          const server = await serve(data.dataDir);
          try {
            const result = await load(server.url, createTicketSpec(data), {
              connections: settings.connections,
              durationSec: settings.durationSec,
            });
            (hooked ? withHook : without).push(result.rps);
            if (!hooked) rate = Math.max(5, Math.floor(result.rps / 2));
            if (hooked) {
              receiver.arrivals.clear();
              const latencies = await steadyLoad(server.url, data.lsqHeaders, receiver, rate, seconds);
              p50s.push(percentile(latencies, 50));
              p99s.push(percentile(latencies, 99));
            }
          } finally {
            await server.stop();
            await data.remove();
          }
        }
      }
    } finally {
      await receiver.close();
    }
    const figures = {
      create_rps_without_webhook: figure('req/s', without),
      create_rps_with_webhook: figure('req/s', withHook),
      delivery_p50: figure('ms', p50s),
      delivery_p99: figure('ms', p99s),
    };
    const cost: Row = {
      scenario: 'webhooks',
      case: `L1 create, ${settings.connections} connections, with one webhook vs none (${settings.rounds} rounds)`,
      ours: `${figures.create_rps_with_webhook.median.toFixed(0)} req/s with a webhook`,
      reference: `${figures.create_rps_without_webhook.median.toFixed(0)} req/s without`,
      ratio: `${(ratio(figures.create_rps_with_webhook, figures.create_rps_without_webhook) * 100).toFixed(1)}% of the rate without`,
      figures: {
        create_rps_with_webhook: figures.create_rps_with_webhook,
        create_rps_without_webhook: figures.create_rps_without_webhook,
      },
    };
    const latency: Row = {
      scenario: 'webhooks',
      case: `write → delivery to a local receiver at half the create throughput (${rate} creates/s in the last round) for ${seconds} s (${settings.rounds} rounds)`,
      ours: `p50 ${figures.delivery_p50.median.toFixed(1)} ms · p99 ${figures.delivery_p99.median.toFixed(1)} ms`,
      reference: 'the create itself (sent → committed) is part of it',
      ratio: `p99/p50 ${ratio(figures.delivery_p99, figures.delivery_p50).toFixed(1)}×`,
      figures: { delivery_p50: figures.delivery_p50, delivery_p99: figures.delivery_p99 },
    };
    return [cost, latency];
  },
};

/**
 * Sends creates at `rate` per second for `seconds` (an open loop: a slow answer does not slow the next
 * send) and returns, per create, the time from sending it to its event's arrival at the receiver.
 */
async function steadyLoad(
  base: string,
  headers: Record<string, string>,
  receiver: Receiver,
  rate: number,
  seconds: number,
): Promise<number[]> {
  const sent = new Map<number, number>();
  const pending: Promise<void>[] = [];
  const total = rate * seconds;
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const t0 = performance.now();
    pending.push(
      fetch(`${base}/api/tenants/${ORG}/tickets`, {
        method: 'POST',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify(createBody('Webhook bench')),
      })
        .then(async (res) => {
          if (res.status !== 200) throw new Error(`create answered ${res.status}`);
          sent.set(Number(((await res.json()) as { Id: string }).Id), t0);
        })
        .catch((error: unknown) => {
          throw new Error(`create ${i}: ${String((error as { cause?: unknown }).cause ?? error)}`);
        }),
    );
  }
  await Promise.all(pending);
  const deadline = performance.now() + 30_000;
  while ([...sent.keys()].some((n) => !receiver.arrivals.has(n)) && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const latencies: number[] = [];
  for (const [number, t0] of sent) {
    const arrived = receiver.arrivals.get(number);
    if (arrived === undefined) throw new Error(`ticket ${number}: no delivery within 30 s`);
    latencies.push(arrived - t0);
  }
  return latencies;
}
