// Attachment streaming: a large file up (multipart L2 create) and down (its signed download URL)
// through `deskwire serve`, with the server's resident memory sampled meanwhile. Run for two sizes:
// if the server streams, its peak RSS is the same for both; if it buffered, it would grow by the
// difference in size.
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import type { ServerChild } from '../lib/child.js';
import { startDeskwire } from '../lib/deskwire-server.js';
import {
  type BenchData,
  createBenchData,
  createBody,
  kaptureSearchSpec,
  ORG,
  SEED_KAPTURE_ID,
  SEED_TICKET,
} from '../lib/fixture.js';
import type { Row } from '../lib/report.js';
import type { Scenario } from '../lib/scenario.js';
import { type Figure, figure } from '../lib/stats.js';
import { mib } from '../lib/table.js';

const MiB = 1024 ** 2;
const BOUNDARY = '----deskwirestream5e2a';

export const streamingScenario: Scenario = {
  name: 'streaming',
  description: 'upload and download of a large attachment: MB/s both ways and the server peak RSS vs at rest',
  async run(settings) {
    const rounds = Math.min(settings.rounds, 3);
    const sizes = [settings.streamSmallMiB, settings.streamMiB];
    const results: Array<{ size: number; figures: Record<string, Figure> }> = [];
    for (const size of sizes) results.push({ size, figures: await measureSize(size, rounds) });
    const rows: Row[] = results.map(({ size, figures }) => ({
      scenario: 'streaming',
      case: `${size} MiB file, up then down (${rounds} rounds)`,
      ours: `up ${f1(figures.upload_mbps)} MB/s · down ${f1(figures.download_mbps)} MB/s`,
      reference: `RSS at rest ${mib(figures.rss_rest?.median ?? 0)}`,
      ratio: `peak ${mib(figures.rss_peak?.median ?? 0)} (+${mib((figures.rss_peak?.median ?? 0) - (figures.rss_rest?.median ?? 0))}); VmHWM ${mib(figures.vmhwm?.median ?? 0)}`,
      figures,
    }));
    const [small, large] = results;
    if (small && large) {
      const growth = (large.figures.rss_peak?.median ?? 0) - (small.figures.rss_peak?.median ?? 0);
      rows.push({
        scenario: 'streaming',
        case: `peak RSS growth, ${small.size} -> ${large.size} MiB file`,
        ours: `${growth >= 0 ? '+' : ''}${(growth / MiB).toFixed(1)} MiB`,
        reference: `file grew +${large.size - small.size} MiB`,
        ratio: `${((100 * growth) / ((large.size - small.size) * MiB)).toFixed(1)}% of the size increase`,
        figures: { rss_peak_growth: figure('bytes', [growth]) },
      });
    }
    return rows;
  },
};

const f1 = (f: Figure | undefined) => (f ? f.median.toFixed(0) : 'n/a');

async function measureSize(sizeMiB: number, rounds: number): Promise<Record<string, Figure>> {
  const data = await createBenchData();
  const server = await startDeskwire({ dataDir: data.dataDir, maxFileMiB: sizeMiB + 16 });
  try {
    const file = join(data.dir, 'payload.bin');
    await writeFileOf(file, sizeMiB * MiB);
    // Warm the server (JIT, connections, first query) before reading its resting memory.
    for (let i = 0; i < 50; i++)
      await (
        await fetch(`${server.url}/api/tenants/${ORG}/tickets/${SEED_TICKET}`, { headers: data.lsqHeaders })
      ).arrayBuffer();
    await new Promise((r) => setTimeout(r, 500));
    const rest = (await server.memory()).rss;
    const up: number[] = [];
    const down: number[] = [];
    const peaks: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const sampler = sampleRss(server);
      const t0 = performance.now();
      const number = await upload(server.url, data, file);
      const t1 = performance.now();
      const url = await downloadUrl(server.url, data, number);
      const t2 = performance.now();
      const bytes = await download(url);
      const t3 = performance.now();
      peaks.push(await sampler.stop());
      if (bytes !== sizeMiB * MiB + 16) throw new Error(`downloaded ${bytes} bytes, expected ${sizeMiB * MiB + 16}`);
      up.push(bytes / 1e6 / ((t1 - t0) / 1000));
      down.push(bytes / 1e6 / ((t3 - t2) / 1000));
    }
    const { hwm } = await server.memory();
    return {
      upload_mbps: figure('MB/s', up),
      download_mbps: figure('MB/s', down),
      rss_rest: figure('bytes', [rest]),
      rss_peak: figure('bytes', peaks),
      vmhwm: figure('bytes', [hwm]),
    };
  } finally {
    await server.stop();
    await data.remove();
  }
}

/** Writes `size` bytes of a repeated random 1 MiB block (not zeros: nothing along the way may compress it). */
async function writeFileOf(path: string, size: number): Promise<void> {
  const block = randomBytes(MiB);
  const handle = await open(path, 'w');
  try {
    for (let written = 0; written < size; written += MiB) await handle.write(block, 0, Math.min(MiB, size - written));
  } finally {
    await handle.close();
  }
}

/** Samples the child's VmRSS every 20 ms until stopped; returns the largest sample. */
function sampleRss(server: ServerChild): { stop(): Promise<number> } {
  let peak = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      peak = Math.max(peak, (await server.memory()).rss);
      await new Promise((r) => setTimeout(r, 20));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return Math.max(peak, (await server.memory()).rss);
    },
  };
}

/** Streams a multipart L2 create from disk (16 fresh random bytes first, so no upload is a duplicate). */
function upload(base: string, data: BenchData, file: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const head = Buffer.concat([
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="ticketDTO"\r\n\r\n${JSON.stringify(createBody('Streamed'))}\r\n` +
          `--${BOUNDARY}\r\nContent-Disposition: form-data; name="files"; filename="large.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      randomBytes(16),
    ]);
    const tail = Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
    void fileSize(file).then((size) => {
      const req = request(`${base}/api/tenants/${ORG}/tickets`, {
        method: 'POST',
        headers: {
          ...data.lsqHeaders,
          'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
          'content-length': String(head.length + size + tail.length),
        },
      });
      req.on('error', reject);
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`upload: ${res.statusCode} ${text}`));
          resolve(Number((JSON.parse(text) as { Id: string }).Id));
        });
      });
      req.write(head);
      const stream = createReadStream(file);
      stream.on('error', reject);
      stream.on('end', () => req.end(tail));
      stream.pipe(req, { end: false });
    }, reject);
  });
}

async function fileSize(file: string): Promise<number> {
  const handle = await open(file, 'r');
  try {
    return (await handle.stat()).size;
  } finally {
    await handle.close();
  }
}

/** The ticket's signed attachment URL, as a Kapture K3 read lists it. */
async function downloadUrl(base: string, data: BenchData, number: number): Promise<string> {
  const spec = kaptureSearchSpec(data, [SEED_KAPTURE_ID - SEED_TICKET + number]);
  const response = await fetch(base + spec.path, { method: 'POST', headers: spec.headers, body: spec.body ?? null });
  const json: unknown = await response.json();
  const url = findAttachmentUrl(json);
  if (!url) throw new Error(`no attachment URL in the K3 answer for #${number}: ${JSON.stringify(json).slice(0, 300)}`);
  return url;
}

function findAttachmentUrl(value: unknown): string | undefined {
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = findAttachmentUrl(item);
      if (found) return found;
    }
  } else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const first = Array.isArray(record.attachments)
      ? (record.attachments[0] as { url?: unknown } | undefined)
      : undefined;
    if (typeof first?.url === 'string') return first.url;
    for (const child of Object.values(record)) {
      const found = findAttachmentUrl(child);
      if (found) return found;
    }
  }
  return undefined;
}

/** Streams a download to nowhere; returns its byte count. */
async function download(url: string): Promise<number> {
  const response = await fetch(url);
  if (!response.ok || !response.body) throw new Error(`download: ${response.status}`);
  let bytes = 0;
  for await (const chunk of response.body) bytes += (chunk as Uint8Array).length;
  return bytes;
}
