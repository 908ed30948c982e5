// The rules floor: the least work issue 14's own rules ask of an authenticated cached read, on bare Node
// `http` with no framework, answering the same captured bytes. Per request it parses the path, takes the
// key pair, hashes the presented secret and compares it with the stored hash in constant time, counts the
// call against a fixed-window rate limit and sets the three `RateLimit-*` headers, runs the one
// statement a read-after-write guarantee needs (the configuration generation and the ticket's version,
// the same statement Deskwire runs, on SQLite or as a named prepared statement on PostgreSQL) and finds the
// answer's bytes by that version. No metrics, no logging, no validation, no error bodies: what Deskwire also
// does, and a real server must, is left out, so the floor is as generous as it can be.
// Between the bare ceiling (ceiling-server.ts) and Deskwire it says how near a server that keeps those
// rules can come to the ceiling at all, whatever its design.
// Run as a child: node --import tsx bench/lib/rules-floor-server.ts <status> <content-type> <body-file> <store>
// (<store>: the data directory's SQLite file, or a postgres:// URL)
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { responderArguments } from './captured-responder.js';
import { type ServerChild, startChild } from './child.js';

const SELF = fileURLToPath(import.meta.url);
const TICKET_PATH = /^\/api\/tenants\/(\d+)\/tickets\/(\d+)$/;

/** Starts the rules floor in its own process over `store` (a SQLite file or a PostgreSQL URL), answering `bodyFile`. */
export function startRulesFloor(
  status: number,
  contentType: string,
  bodyFile: string,
  store: string,
): Promise<ServerChild> {
  return startChild(
    process.execPath,
    ['--import', 'tsx', SELF, String(status), contentType, bodyFile, store],
    /^(http:\/\/\S+)\s*$/m,
  );
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

interface FloorStore {
  /** Live keys: access key → the stored SHA-256 of the secret and the key's tenant. */
  keys(): Promise<Array<{ access_key: string; secret_hash: string; org_id: number | string }>>;
  version(orgId: number, number: number): VersionRow | undefined | Promise<VersionRow | undefined>;
}

const KEYS_SQL = 'select access_key, secret_hash, org_id from api_keys where revoked_at is null';

function openStore(location: string): FloorStore {
  if (/^postgres(ql)?:/.test(location)) {
    // Deskwire's default pool size (postgres-adapter.ts); each connection prepares the statement once.
    const pool = new pg.Pool({ connectionString: location, max: 10 });
    let n = 0;
    const text = VERSION_SQL.replace(/\?/g, () => `$${++n}`);
    return {
      keys: async () => (await pool.query(KEYS_SQL)).rows,
      version: async (orgId, number) =>
        (await pool.query<VersionRow>({ name: 'floor_version', text, values: [orgId, orgId, number] })).rows[0],
    };
  }
  const db = new Database(location, { readonly: true });
  const statement = db.prepare<[number, number, number], VersionRow>(VERSION_SQL);
  return {
    keys: async () => db.prepare(KEYS_SQL).all() as Array<{ access_key: string; secret_hash: string; org_id: number }>,
    version: (orgId, number) => statement.get(orgId, orgId, number),
  };
}

async function serve(status: number, contentType: string, bodyFile: string, location: string): Promise<void> {
  const body = await readFile(bodyFile);
  const store = openStore(location);
  // Credentials as a server holds them after one read.
  const keys = new Map<string, { hash: Buffer; orgId: number }>();
  for (const key of await store.keys()) {
    keys.set(key.access_key, { hash: Buffer.from(key.secret_hash, 'hex'), orgId: Number(key.org_id) });
  }
  const windows = new Map<string, { count: number; resetAt: number }>();
  const answers = new Map<string, Buffer>();

  const answer = async (request: IncomingMessage, response: ServerResponse) => {
    const match = TICKET_PATH.exec(request.url ?? '');
    const access = request.headers['x-lsq-access-key'];
    const secret = request.headers['x-lsq-secret-key'];
    if (!match || typeof access !== 'string' || typeof secret !== 'string') return refuse(response, 404);
    const orgId = Number(match[1]);
    const number = Number(match[2]);
    const key = keys.get(access);
    const presented = createHash('sha256').update(secret, 'utf8').digest();
    if (!key || key.orgId !== orgId || !timingSafeEqual(presented, key.hash)) return refuse(response, 401);
    const now = Date.now();
    let window = windows.get(access);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + 1000 };
      windows.set(access, window);
    }
    window.count++;
    const row = await store.version(orgId, number);
    if (!row || row.version === null) return refuse(response, 404);
    const cacheKey = `${orgId}:${number}:${row.version}:${row.generation ?? 0}`;
    let bytes = answers.get(cacheKey);
    if (!bytes) {
      bytes = body;
      answers.set(cacheKey, bytes);
    }
    response.writeHead(status, {
      'ratelimit-limit': '1000000000',
      'ratelimit-remaining': String(1_000_000_000 - window.count),
      'ratelimit-reset': String(Math.ceil((window.resetAt - now) / 1000)),
      'content-type': contentType,
      'content-length': String(bytes.length),
    });
    response.end(bytes);
  };
  const server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      answer(request, response).catch(() => refuse(response, 500));
    });
  });
  server.keepAliveTimeout = 72_000;
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
  });
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
}

function refuse(response: ServerResponse, code: number): void {
  response.writeHead(code).end();
}

if (process.argv[1] === SELF) {
  const { status, contentType, bodyFile } = responderArguments('rules-floor-server.ts', process.argv);
  const store = process.argv[5];
  if (!store) throw new Error('usage: rules-floor-server.ts <status> <content-type> <body-file> <store>');
  await serve(status, contentType, bodyFile, store);
}
