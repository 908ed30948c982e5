// The rules floor: the least work issue 14's rules ask of an authenticated cached read in the design Deskwire
// has (one statement and one hash per request), on bare Node `http` with no framework, answering the same
// captured bytes. Per request it parses the path; runs Deskwire's own statement for the tenant's configuration
// generation and the ticket's version (the read-after-write guarantee; on SQLite, or as a named prepared
// statement on PostgreSQL) and reloads the keys and rate limits when the generation moved (so a revoked key is
// refused at once); hashes the presented secret and compares it with the stored SHA-256 in constant time;
// counts the call in a fixed window of the tenant's limit, with the three `RateLimit-*` headers; and finds the
// answer's bytes by the version. No metrics, no logging, no validation, no error bodies: what Deskwire also
// does, and a real server must, is left out. Between the bare ceiling (ceiling-server.ts) and Deskwire, it says
// how near that design can come to the ceiling at all.
// Run as a child: node --import tsx bench/lib/rules-floor-server.ts <status> <content-type> <body-file> <store>
// (<store>: the data directory's SQLite file, or a postgres:// URL)
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { responderArguments, serveBare, startResponder } from './captured-responder.js';
import type { ServerChild } from './child.js';

const SELF = fileURLToPath(import.meta.url);
const TICKET_PATH = /^\/api\/tenants\/(\d+)\/tickets\/(\d+)$/;

/** Starts the rules floor in its own process over `store` (a SQLite file or a PostgreSQL URL), answering `bodyFile`. */
export function startRulesFloor(
  status: number,
  contentType: string,
  bodyFile: string,
  store: string,
): Promise<ServerChild> {
  return startResponder(SELF, { status, contentType, bodyFile }, [store]);
}

/** The same statement as Deskwire's `withTicketVersion` by number (config-generation-repository.ts). */
const VERSION_SQL = `select (select generation from config_generations where tenant_org = ?) as generation,
  t.id as ticket_id, tv.version from (select 1 as one) as one
  left join tickets as t on t.org_id = ? and t.deleted_at is null and t.number = ?
  left join ticket_versions as tv on tv.ticket_id = t.id`;

interface VersionRow {
  generation: number | string | null;
  version: number | string | null;
}

/** What a server holds after reading the configuration once: keys and each tenant's rate limit. */
interface FloorConfig {
  keys: Map<string, { hash: Buffer; orgId: number }>;
  limits: Map<number, { max: number; windowMs: number }>;
}

interface FloorStore {
  config(): Promise<FloorConfig>;
  version(orgId: number, number: number): VersionRow | undefined | Promise<VersionRow | undefined>;
}

const KEYS_SQL = 'select access_key, secret_hash, org_id from api_keys where revoked_at is null';
const LIMITS_SQL = 'select org_id, rate_limit_max, rate_limit_window_ms from tenants';

interface KeyRow {
  access_key: string;
  secret_hash: string;
  org_id: number | string;
}
interface LimitRow {
  org_id: number | string;
  rate_limit_max: number | string;
  rate_limit_window_ms: number | string;
}

function toConfig(keys: readonly KeyRow[], limits: readonly LimitRow[]): FloorConfig {
  return {
    keys: new Map(
      keys.map((k) => [k.access_key, { hash: Buffer.from(k.secret_hash, 'hex'), orgId: Number(k.org_id) }]),
    ),
    limits: new Map(
      limits.map((l) => [
        Number(l.org_id),
        { max: Number(l.rate_limit_max), windowMs: Number(l.rate_limit_window_ms) },
      ]),
    ),
  };
}

function openStore(location: string): FloorStore {
  if (/^postgres(ql)?:/.test(location)) {
    // Deskwire's default pool size (postgres-adapter.ts); each connection prepares the statement once.
    const pool = new pg.Pool({ connectionString: location, max: 10 });
    let n = 0;
    const text = VERSION_SQL.replace(/\?/g, () => `$${++n}`);
    return {
      config: async () =>
        toConfig((await pool.query<KeyRow>(KEYS_SQL)).rows, (await pool.query<LimitRow>(LIMITS_SQL)).rows),
      version: async (orgId, number) =>
        (await pool.query<VersionRow>({ name: 'floor_version', text, values: [orgId, orgId, number] })).rows[0],
    };
  }
  const db = new Database(location, { readonly: true });
  const statement = db.prepare<[number, number, number], VersionRow>(VERSION_SQL);
  return {
    config: async () => toConfig(db.prepare(KEYS_SQL).all() as KeyRow[], db.prepare(LIMITS_SQL).all() as LimitRow[]),
    version: (orgId, number) => statement.get(orgId, orgId, number),
  };
}

async function serve(status: number, contentType: string, bodyFile: string, location: string): Promise<void> {
  const body = await readFile(bodyFile);
  const store = openStore(location);
  let config = await store.config();
  /** The generation each tenant's configuration was read at. */
  const readAt = new Map<number, number>();
  const windows = new Map<string, { count: number; resetAt: number }>();
  const answers = new Map<string, Buffer>();

  const answer = async (url: string, access: unknown, secret: unknown, response: ServerResponse) => {
    const match = TICKET_PATH.exec(url);
    if (!match || typeof access !== 'string' || typeof secret !== 'string') return refuse(response, 404);
    const orgId = Number(match[1]);
    const number = Number(match[2]);
    const row = await store.version(orgId, number);
    const generation = Number(row?.generation ?? 0);
    if (readAt.get(orgId) !== generation) {
      config = await store.config();
      readAt.set(orgId, generation);
    }
    const key = config.keys.get(access);
    const presented = createHash('sha256').update(secret, 'utf8').digest();
    if (!key || key.orgId !== orgId || !timingSafeEqual(presented, key.hash)) return refuse(response, 401);
    const limit = config.limits.get(orgId) ?? { max: 25, windowMs: 5000 };
    const now = Date.now();
    let window = windows.get(access);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + limit.windowMs };
      windows.set(access, window);
    }
    if (++window.count > limit.max) return refuse(response, 429);
    if (!row || row.version === null) return refuse(response, 404);
    const cacheKey = `${orgId}:${number}:${row.version}:${generation}`;
    let bytes = answers.get(cacheKey);
    if (!bytes) {
      bytes = body;
      answers.set(cacheKey, bytes);
    }
    response.writeHead(status, {
      'ratelimit-limit': String(limit.max),
      'ratelimit-remaining': String(limit.max - window.count),
      'ratelimit-reset': String(Math.ceil((window.resetAt - now) / 1000)),
      'content-type': contentType,
      'content-length': String(bytes.length),
    });
    response.end(bytes);
  };
  serveBare((request, response) => {
    const { url = '', headers } = request;
    answer(url, headers['x-lsq-access-key'], headers['x-lsq-secret-key'], response).catch(() => refuse(response, 500));
  });
}

function refuse(response: ServerResponse, code: number): void {
  response.writeHead(code).end();
}

if (process.argv[1] === SELF) {
  const usage = ['rules-floor-server.ts', ' <store>'] as const;
  const { status, contentType, bodyFile } = responderArguments(usage[0], process.argv, usage[1]);
  const store = process.argv[5];
  if (!store) throw new Error(`usage: ${usage[0]} <status> <content-type> <body-file>${usage[1]}`);
  await serve(status, contentType, bodyFile, store);
}
