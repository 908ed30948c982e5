/** Limits on what one request may carry. Every one is configurable (docs/configuration.md). */
export interface RequestLimits {
  /** Largest JSON body, in bytes. Default 1 MiB. */
  bodyBytes: number;
  /** Largest single uploaded file, in bytes. Default 25 MiB (the vendor publishes no limit, §1.2). */
  fileBytes: number;
  /** Most files in one multipart request. Default 10. */
  files: number;
}

/**
 * Deadlines and caps that stop slow or greedy clients from holding sockets (docs/reliability.md,
 * "Slow clients"). Every one is configurable; 0 turns one off.
 */
export interface ConnectionLimits {
  /** Request line and headers must arrive within this. Default 30 s. */
  headersTimeoutMs: number;
  /** Longest pause between two bytes of a request body. Default 30 s. */
  bodyIdleTimeoutMs: number;
  /**
   * Once a body has been arriving for `bodyIdleTimeoutMs`, it must average at least this many bytes per
   * second, so a drip of one byte every few seconds cannot hold a socket for the whole upload limit.
   * Default 1024 (1 KiB/s).
   */
  minBodyBytesPerSecond: number;
  /**
   * Open connections one client address may hold; further ones are closed on arrival. Default 100, or 0
   * (off) with `trustProxy`, where every connection comes from the proxy's address.
   */
  maxConnectionsPerAddress: number;
}

export interface ServerOptions {
  /**
   * Agent sessions of Deskwire's own API (docs/api.md): idle and absolute lifetime in seconds
   * (default 2 h and 12 h), and the sign-in throttle (default 5 failures per account, 20 per client
   * address, per 15 minutes).
   */
  sessions?: {
    idleSeconds?: number;
    maxSeconds?: number;
    signIn?: { perAccount?: number; perAddress?: number; windowSeconds?: number };
  };
  /** Slow-client deadlines and the per-address connection cap (`ConnectionLimits`). */
  connections?: Partial<ConnectionLimits>;
  /**
   * Base URL written into signed download links (`ContentPath`). Default: taken from each request's
   * own scheme and `Host`, which is right unless a proxy rewrites them.
   */
  publicUrl?: string;
  limits?: Partial<RequestLimits>;
  /**
   * Let the demo tenant's published Admin keys (README) answer callers on other machines. Default false:
   * they answer loopback callers only, with or without `--demo`, whatever address the server listens on.
   */
  publicDemoKeys?: boolean;
  /**
   * Deliver webhooks to loopback, private, link-local and unique-local addresses too (`--webhooks-allow-private`,
   * `DESKWIRE_WEBHOOKS_ALLOW_PRIVATE`). Default false: such targets are refused after DNS resolution (SSRF).
   */
  webhooksAllowPrivate?: boolean;
  /** Run this instance's webhook dispatcher (default true; several instances share the queue safely). */
  webhookDispatch?: boolean;
  /**
   * How long an instance holds the deliveries it claimed (default 60 000 ms): those of an instance that
   * died are delivered by another after this, with the same `webhook-id`.
   */
  webhookClaimMs?: number;
  /** Lifetime of a signed download URL, in seconds. Default 3600, the seed's `X-Amz-Expires`. */
  downloadUrlTtlSeconds?: number;
  /**
   * Take the client IP (IP allowlists, the `/metrics` loopback rule) from `X-Forwarded-For` when
   * behind a proxy. A number trusts that many proxy hops: the address the outermost trusted proxy saw
   * (`1` behind one load balancer). A list trusts those proxy addresses/CIDRs. `true` trusts every hop,
   * so the client's own leftmost `X-Forwarded-For` entry counts — forgeable; prefer a hop count.
   * Default false.
   */
  trustProxy?: boolean | number | readonly string[];
  /** pino level, or `false` for no logs (tests). Default `info`. */
  logLevel?: string | false;
  /** Where JSON log lines go. Default stdout; the CLI uses stderr so stdout stays for its own output. */
  logStream?: NodeJS.WritableStream;
  /**
   * Token that unlocks the sandbox controls under `/_deskwire` (docs/sandbox.md), sent as
   * `Authorization: Bearer <token>` or `X-Deskwire-Admin-Token`. Default: none, and every
   * `/_deskwire` path answers 404 as if it did not exist.
   */
  adminToken?: string;
  /** Requests the sandbox journal keeps per tenant (the most recent). Default 200. */
  journalSize?: number;
  /** Random source of sandbox fault rules (probability, latency), in [0, 1). Default `Math.random`. */
  random?: () => number;
  /**
   * Redis for state that several instances must share: the rate-limit counters and the sandbox's
   * request journal and fault rules (`redis://[:password@]host:6379[/db]`, `rediss://` for TLS).
   * Default: none, and that state lives in this process's memory.
   */
  redisUrl?: string;
  /** Prefix of every Redis key this app writes, so deployments (or tests) can share one Redis. Default `deskwire:`. */
  redisKeyPrefix?: string;
  /**
   * Bearer token that unlocks `GET /metrics` from any address. Default: none, and `/metrics` answers
   * loopback callers only (docs/cli.md "Operations").
   */
  metricsToken?: string;
  /**
   * The email channel (docs/email.md): with this set, the app starts the reply sender and the tenants'
   * IMAP pollers when it is ready, and the SMTP listener when `smtp` is given; all stop with the app.
   * Default: none (the replies endpoint still queues replies; something else must send them).
   */
  email?: EmailServerOptions;
  /**
   * Directory of a built agent console (index.html and assets/), served at `/console/` under a strict
   * Content-Security-Policy. `@deskwire/console` exports it as `consoleAssetsDir`; `deskwire serve` passes
   * it. Default: none, and `/console` is an unknown path.
   */
  consoleDir?: string;
}

/** `ServerOptions.email`. */
export interface EmailServerOptions {
  /** The inbound SMTP listener (`deskwire serve --smtp-port`). Default: off. */
  smtp?: {
    host: string;
    /** 0 picks a free port. */
    port: number;
    /** PEM key and certificate: STARTTLS is offered only with both. */
    tls?: { key: Buffer | string; cert: Buffer | string };
    maxMessageBytes?: number;
    maxRecipients?: number;
    rateLimit?: { max: number; windowMs: number };
  };
  /** Relay for replies of tenants that set none. */
  defaultRelayUrl?: string;
  /** Deliver queued replies from this process. Default true. */
  sendReplies?: boolean;
  /** Poll the tenants' IMAP sources from this process. Default true. */
  pollImap?: boolean;
}

/** Prefix of the Redis keys when `redisKeyPrefix` is not set. */
export const DEFAULT_REDIS_KEY_PREFIX = 'deskwire:';

export const DEFAULT_LIMITS: Readonly<RequestLimits> = Object.freeze({
  bodyBytes: 1024 * 1024,
  fileBytes: 25 * 1024 * 1024,
  files: 10,
});

export const DEFAULT_DOWNLOAD_TTL_SECONDS = 3600;

export const DEFAULT_CONNECTION_LIMITS: Readonly<ConnectionLimits> = Object.freeze({
  headersTimeoutMs: 30_000,
  bodyIdleTimeoutMs: 30_000,
  minBodyBytesPerSecond: 1024,
  maxConnectionsPerAddress: 100,
});

/** Requests kept per tenant by the sandbox request journal. */
export const DEFAULT_JOURNAL_SIZE = 200;
