import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApiToken, type Deskwire, openDeskwire, seedDemo, updateTenant } from '@deskwire/server';
import type { RequestSpec } from './load.js';

/** The seed: org 22824 "Education 101", ticket #143 (Kapture id 713516551148), from `seedDemo`. */
export const ORG = 22824;
export const SEED_TICKET = 143;
export const SEED_KAPTURE_ID = 713516551148;
export const DEMO_LEAD = '330fba67-6795-46c2-9dad-077794077f70';

/** A budget no bench reaches: the limit is a product feature, not what these rows measure. */
export const UNLIMITED = { max: 1_000_000_000, windowMs: 1000 };

export interface BenchData {
  dir: string;
  dataDir: string;
  /** PostgreSQL instead of the data directory's SQLite file. */
  databaseUrl?: string;
  lsqHeaders: Record<string, string>;
  /** A Kapture "get" token of the demo tenant. */
  kaptureToken: string;
  remove(): Promise<void>;
}

/**
 * A fresh data directory with the demo tenant, its rate limit `rateLimit` (lifted by default) and a
 * Kapture read token. `prepare` runs on the open data set before it is closed (bulk loads).
 */
export async function createBenchData(
  options: {
    rateLimit?: { max: number; windowMs: number };
    databaseUrl?: string;
    prepare?: (d: Deskwire) => Promise<void>;
  } = {},
): Promise<BenchData> {
  const dir = await mkdtemp(join(tmpdir(), 'deskwire-bench-'));
  const dataDir = join(dir, 'data');
  const location = { dataDir, ...(options.databaseUrl !== undefined && { databaseUrl: options.databaseUrl }) };
  const deskwire = await openDeskwire(location);
  try {
    const demo = await seedDemo(deskwire);
    await updateTenant({ orgId: ORG, patch: { rateLimit: options.rateLimit ?? UNLIMITED } }, deskwire);
    const { token } = await createApiToken({ orgId: ORG, api: 'get' }, deskwire);
    await options.prepare?.(deskwire);
    return {
      dir,
      ...location,
      lsqHeaders: { 'x-lsq-access-key': demo.accessKey, 'x-lsq-secret-key': demo.secretKey },
      kaptureToken: token,
      remove: () => rm(dir, { recursive: true, force: true }),
    };
  } finally {
    await deskwire.close();
  }
}

/** The documented L1 create body (https://apidocs.leadsquared.com/create-tickets/) for the demo lead. */
export function createBody(title = 'Bench ticket'): Record<string, unknown> {
  return {
    TypeId: '1',
    LeadId: DEMO_LEAD,
    Fields: [
      { SchemaName: 'Title', Value: title },
      { SchemaName: 'Status', Value: 'Open' },
      { SchemaName: 'Priority', Value: 'Low' },
    ],
    RelatedTicketTypeId: 1,
  };
}

/** A multipart/form-data create (L2): `ticketDTO` plus one `files` part of `size` bytes. */
export function multipartCreate(size: number): { body: Buffer; contentType: string } {
  const boundary = '----deskwirebench7d1b3c';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="ticketDTO"\r\n\r\n${JSON.stringify(createBody('With file'))}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="bench.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return {
    body: Buffer.concat([head, Buffer.alloc(size, 0x61), tail]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

/** L4: GET the seed ticket. */
export function getTicketSpec(data: BenchData, ticket: number = SEED_TICKET): RequestSpec {
  return { method: 'GET', path: `/api/tenants/${ORG}/tickets/${ticket}`, headers: data.lsqHeaders };
}

/** L1: create a ticket from JSON. */
export function createTicketSpec(data: BenchData): RequestSpec {
  return {
    method: 'POST',
    path: `/api/tenants/${ORG}/tickets`,
    headers: { ...data.lsqHeaders, 'content-type': 'application/json' },
    body: JSON.stringify(createBody()),
  };
}

/** L6: an internal note on the seed ticket (the documented request). */
export function noteSpec(data: BenchData): RequestSpec {
  return {
    method: 'POST',
    path: `/api/tenants/${ORG}/internalnote/upload`,
    headers: { ...data.lsqHeaders, 'content-type': 'application/json' },
    body: JSON.stringify({
      TextPart: 'Bench note',
      ActivityType: 'CreateInternalNote',
      StorageType: 'Permament',
      RelatedTicketId: SEED_TICKET,
    }),
  };
}

/** L3: #143's Status set to `status` (https://apidocs.leadsquared.com/update-a-ticket-with-attachments/, its JSON form). */
export function updateStatusSpec(data: BenchData, status: string): RequestSpec {
  return {
    method: 'PUT',
    path: `/api/tenants/${ORG}/tickets/${SEED_TICKET}/update`,
    headers: { ...data.lsqHeaders, 'content-type': 'application/json' },
    body: JSON.stringify({
      TypeId: '1',
      Id: String(SEED_TICKET),
      Fields: [{ SchemaName: 'Status', Value: status }],
      RelatedTicketTypeId: 1,
    }),
  };
}

/** K3: Kapture search by ticket ids. */
export function kaptureSearchSpec(data: BenchData, ids: readonly number[]): RequestSpec {
  return {
    method: 'POST',
    path: '/search-ticket-by-ticket-id.html/v.2.0',
    headers: { authorization: `Basic ${data.kaptureToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ticket_ids: ids.join(',') }),
  };
}

/** Creates `count` tickets over HTTP and returns their numbers. */
export async function createTickets(base: string, data: BenchData, count: number): Promise<number[]> {
  const spec = createTicketSpec(data);
  const numbers: number[] = [];
  for (let i = 0; i < count; i++) {
    const response = await fetch(base + spec.path, { method: 'POST', headers: spec.headers, body: spec.body ?? null });
    const json = (await response.json()) as { Id?: string };
    if (!response.ok || !json.Id) throw new Error(`create: ${response.status} ${JSON.stringify(json)}`);
    numbers.push(Number(json.Id));
  }
  return numbers;
}

/** Opens the bench's data set (SQLite or PostgreSQL) in this process, e.g. to bulk-load it. */
export function openBenchData(data: BenchData): Promise<Deskwire> {
  return openDeskwire({
    dataDir: data.dataDir,
    ...(data.databaseUrl !== undefined && { databaseUrl: data.databaseUrl }),
  });
}

/** Changes the demo tenant's rate limit on a data set no server has open. */
export async function setRateLimit(data: BenchData, rateLimit: { max: number; windowMs: number }): Promise<void> {
  const deskwire = await openBenchData(data);
  try {
    await updateTenant({ orgId: ORG, patch: { rateLimit } }, deskwire);
  } finally {
    await deskwire.close();
  }
}
