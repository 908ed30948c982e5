import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Storage } from '../storage/storage.js';

/** What the HTTP layer records; `route` and `operation` are always bounded sets (see `routeLabels`). */
export interface RequestSample {
  route: string;
  operation: string;
  method: string;
  status: number;
  seconds: number;
}

/**
 * The Prometheus metrics of one app, in a registry of its own (not prom-client's global one), so
 * several apps in one process (tests, embedders) never clash or double count.
 */
export class AppMetrics {
  readonly registry = new Registry();
  readonly #requests: Counter<'route' | 'operation' | 'method' | 'status'>;
  readonly #duration: Histogram<'route' | 'operation' | 'method'>;
  readonly #rejections: Counter<'dialect'>;
  readonly #authFailures: Counter<'dialect' | 'reason'>;
  readonly #series = new Map<
    string,
    {
      count: ReturnType<Counter<'route' | 'operation' | 'method' | 'status'>['labels']>;
      duration: ReturnType<Histogram<'route' | 'operation' | 'method'>['labels']>;
    }
  >();

  constructor(storage: Storage) {
    const registers = [this.registry];
    this.#requests = new Counter({
      name: 'deskwire_http_requests_total',
      help: 'HTTP requests answered, by route template, vendor operation, method and status.',
      labelNames: ['route', 'operation', 'method', 'status'],
      registers,
    });
    this.#duration = new Histogram({
      name: 'deskwire_http_request_duration_seconds',
      help: 'Time from arrival to the end of the response, by route template, vendor operation and method.',
      labelNames: ['route', 'operation', 'method'],
      registers,
    });
    this.#rejections = new Counter({
      name: 'deskwire_rate_limit_rejections_total',
      help: 'Calls refused with 429 by the per-credential rate limit, by dialect.',
      labelNames: ['dialect'],
      registers,
    });
    this.#authFailures = new Counter({
      name: 'deskwire_auth_failures_total',
      help: 'Refused credentials, by dialect and reason (unknown_key, wrong_secret, other_tenant, wrong_api, expired, revoked, api_disabled, address_not_allowed, …).',
      labelNames: ['dialect', 'reason'],
      registers,
    });
    // Engines without a pool (SQLite) report nothing rather than a misleading 0.
    if (storage.poolStats() !== undefined) registerPoolGauges(storage, registers);
    if (storage.configGenerations.shared) registerSharedCheckCounters(storage.configGenerations.shared, registers);
  }

  /** The exposition: this app's metrics and the process-wide ones. */
  async scrape(): Promise<string> {
    return Registry.merge([this.registry, processRegistry()]).metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  recordRequest(sample: RequestSample): void {
    const { route, operation, method, status } = sample;
    // prom-client sorts and joins the label values on every call; the labelled children are kept
    // instead (one per series, and the labels are bounded sets, so the map is too).
    const key = `${route}\u0000${operation}\u0000${method}\u0000${status}`;
    let series = this.#series.get(key);
    if (!series) {
      series = {
        count: this.#requests.labels({ route, operation, method, status: String(status) }),
        duration: this.#duration.labels({ route, operation, method }),
      };
      this.#series.set(key, series);
    }
    series.count.inc();
    series.duration.observe(sample.seconds);
  }

  /** `reason` is one of core/auth-failure.ts's bounded set (a leaf: the type is not imported here). */
  recordAuthFailure(dialect: string, reason: string): void {
    this.#authFailures.inc({ dialect, reason });
  }

  recordRateLimitRejection(dialect: string): void {
    this.#rejections.inc({ dialect });
  }
}

let processMetrics: Registry | undefined;

/**
 * prom-client's standard process metrics (CPU, memory, event loop, GC, handles) describe the
 * process, not an app: collected once per process and shown by every app's `/metrics`, so that
 * many apps in one process do not each install GC observers and event-loop monitors.
 */
function processRegistry(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics });
  }
  return processMetrics;
}

function registerPoolGauges(storage: Storage, registers: Registry[]): void {
  const gauge = (name: string, help: string, read: (s: NonNullable<ReturnType<Storage['poolStats']>>) => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        const stats = storage.poolStats();
        if (stats) this.set(read(stats));
      },
    });
  gauge('deskwire_storage_pool_connections', 'Database connections open (busy or idle).', (s) => s.total);
  gauge('deskwire_storage_pool_idle_connections', 'Database connections open and idle.', (s) => s.idle);
  gauge('deskwire_storage_pool_waiting_queries', 'Queries waiting for a free database connection.', (s) => s.waiting);
}

/**
 * How the cached-read checks ran (storage/coalesced-reads.ts, PostgreSQL): `alone`, or in a statement shared
 * with others; and how many shared statements there were. Read from the store's own counts at each scrape.
 */
function registerSharedCheckCounters(
  shared: NonNullable<Storage['configGenerations']['shared']>,
  registers: Registry[],
) {
  new Counter({
    name: 'deskwire_storage_version_checks_total',
    help: 'Cached-read checks (configuration generation and ticket version), by how they ran: alone, or shared with others in one statement.',
    labelNames: ['way'],
    registers,
    collect() {
      const { alone, sharedReads } = shared.load;
      this.reset();
      this.inc({ way: 'alone' }, alone);
      this.inc({ way: 'shared' }, sharedReads);
    },
  });
  new Counter({
    name: 'deskwire_storage_shared_version_statements_total',
    help: 'Statements that answered several cached-read checks at once.',
    registers,
    collect() {
      this.reset();
      this.inc(shared.load.shared);
    },
  });
}
