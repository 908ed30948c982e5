import { sleep } from './clock.js';
import {
  DeskwireClientError,
  type DeskwireClientErrorInit,
  isDeskwireClientError,
  type RedactedRequest,
} from './errors.js';
import type { OutgoingBody } from './multipart.js';
import type { CallOptions, DebugEvent, ResolvedCommonOptions } from './options.js';
import { redactHeaders, redactUrl } from './redact.js';
import { parseRetryAfter, retryDelay } from './retry.js';
import { attemptSignal } from './timeout.js';

/** One vendor operation, as the retry policy sees it. */
export interface Operation {
  /** The name the server's routes and fault rules use (`lsq.getTicket`, `kapture.getTickets`). */
  readonly name: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Read-only: retried after network errors, timeouts, 429 and 5xx. Writes are not (see `RetryOptions`). */
  readonly safe: boolean;
}

/** A credential as the seam sees it: an id for its limiter, and a way to sign a request. */
export interface Credential {
  /** Names the credential within its client (`lsq`, `kapture:get`); never the secret itself. */
  readonly id: string;
  /** Adds the credential's headers. The secret stays in the closure that made this function. */
  readonly apply: (headers: Headers) => void;
}

export interface SeamRequest {
  operation: Operation;
  url: URL;
  /** Absent for signed downloads: no credential headers (the URL may point at a third-party store) and no limiter. */
  credential?: Credential;
  /** Builds the body for one attempt (a file is re-opened for a retry). */
  body?: () => Promise<OutgoingBody>;
  /** False when the body cannot be sent twice (a caller's stream): never retried. Default true. */
  replayable?: boolean;
  call?: CallOptions | undefined;
}

/** A response with its body read as text. */
export interface RawResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** `Retry-After`, in ms, when present. */
  readonly retryAfterMs: number | undefined;
}

/** What a dialect's response interpreter gets besides the response. */
export interface InterpretContext {
  readonly request: RedactedRequest;
  readonly attempt: number;
  /** Builds an error for this request; every text in it is scrubbed of credentials. */
  fail(init: Omit<DeskwireClientErrorInit, 'request' | 'attempts'>): DeskwireClientError;
}

/** Turns a response into the method's result, or throws a `DeskwireClientError`. */
export type Interpret<T> = (response: RawResponse, ctx: InterpretContext) => T;

/** The single request path of a client: limiter, timeout, retry and redaction, each in its own file. */
export interface Seam {
  /** Sends with retries; the body is read as text and handed to `interpret`. */
  send<T>(request: SeamRequest, interpret: Interpret<T>): Promise<T>;
  /**
   * Sends with retries and resolves with the response of the first 2xx, its body unread (the
   * timeout covers the wait for the headers only). A failure status is read and passed to `fail`.
   */
  stream(request: SeamRequest, fail: Interpret<never>): Promise<Response>;
}

/** Connection failures that prove the request never left: safe to retry even for a write. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

export function createSeam(options: ResolvedCommonOptions, scrub: (text: string) => string): Seam {
  const { clock } = options;
  const emit = (event: DebugEvent) => {
    try {
      options.debug?.(event);
    } catch {
      // A debug hook must not change what a call does.
    }
  };

  const makeContext = (request: RedactedRequest, attempt: number): InterpretContext => ({
    request,
    attempt,
    fail: (init) =>
      new DeskwireClientError({
        ...init,
        message: scrub(init.message),
        vendorMessage: init.vendorMessage == null ? null : scrub(init.vendorMessage),
        rawBody: init.rawBody == null ? null : scrub(init.rawBody),
        request,
        attempts: attempt,
      }),
  });

  async function run<T>(request: SeamRequest, mode: 'text' | 'stream', interpret: Interpret<T>): Promise<T> {
    const call = request.call ?? {};
    const policy = {
      ...options.retry,
      retries: call.retries ?? options.retry.retries,
      retryUnsafe: call.retryUnsafe ?? options.retry.retryUnsafe,
    };
    const { operation } = request;
    for (let attempt = 1; ; attempt++) {
      const headers = new Headers({ accept: 'application/json', 'user-agent': options.userAgent });
      request.credential?.apply(headers);
      const record = (): RedactedRequest => ({
        operation: operation.name,
        method: operation.method,
        url: redactUrl(request.url),
        headers: redactHeaders(headers),
      });
      let error: DeskwireClientError;
      try {
        const body = await prepareBody(request, headers, () => makeContext(record(), attempt));
        return await once({ request, headers, body, attempt, mode, interpret, ctx: makeContext(record(), attempt) });
      } catch (thrown) {
        if (!isDeskwireClientError(thrown)) throw thrown;
        error = thrown;
      }
      if (call.signal?.aborted) throw error;
      const delay = retryDelay(error, {
        attempt,
        safe: operation.safe,
        replayable: request.replayable ?? true,
        notSent: error.code === 'NETWORK' && neverSent(error.cause),
        policy,
        random: options.random,
      });
      if (delay === undefined) throw error;
      emit({
        type: 'retry',
        operation: operation.name,
        attempt,
        code: error.code,
        status: error.status,
        delayMs: delay,
      });
      try {
        await sleep(clock, delay, call.signal);
      } catch {
        throw abortError(makeContext(error.request, attempt), call.signal);
      }
    }
  }

  async function prepareBody(request: SeamRequest, headers: Headers, context: () => InterpretContext) {
    if (!request.body) return undefined;
    try {
      const body = await request.body();
      if (body.contentType) headers.set('content-type', body.contentType);
      return body;
    } catch (cause) {
      throw context().fail({
        code: 'VALIDATION',
        message: `${request.operation.name}: could not read the request body: ${(cause as Error).message}`,
        cause,
      });
    }
  }

  interface Attempt<T> {
    request: SeamRequest;
    headers: Headers;
    body: OutgoingBody | undefined;
    attempt: number;
    mode: 'text' | 'stream';
    interpret: Interpret<T>;
    ctx: InterpretContext;
  }

  async function once<T>({ request, headers, body, attempt, mode, interpret, ctx }: Attempt<T>): Promise<T> {
    const { operation } = request;
    const call = request.call ?? {};
    const limiter = request.credential ? options.limiterFor(request.credential.id) : undefined;
    const url = ctx.request.url;
    let permit: { release(): void } | undefined;
    if (limiter) {
      if (limiter.available === 0) emit({ type: 'queued', operation: operation.name, queued: limiter.queued + 1 });
      try {
        permit = await limiter.acquire(call.signal, attempt > 1);
      } catch {
        throw abortError(ctx, call.signal);
      }
    }
    const signal = attemptSignal(clock, call.timeout ?? options.timeout, call.signal);
    const started = clock.now();
    emit({
      type: 'request',
      operation: operation.name,
      method: operation.method,
      url,
      headers: ctx.request.headers,
      attempt,
      at: started,
    });
    let keepSignal = false;
    try {
      const init: RequestInit & { duplex?: 'half' } = {
        method: operation.method,
        headers,
        signal: signal.signal,
        // Credentials must never follow a redirect to another host; a download may (object stores redirect).
        redirect: request.credential ? 'manual' : 'follow',
      };
      if (body) init.body = body.body;
      if (body?.streaming) init.duplex = 'half';
      const response = await options.fetch(request.url, init);
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'), clock.now()) ?? undefined;
      if (response.status === 429 && limiter) {
        const pauseMs = retryAfterMs ?? limiter.limit.windowMs;
        limiter.pause(pauseMs);
        emit({ type: 'rate-limited', operation: operation.name, pauseMs });
      }
      if (mode === 'stream' && response.ok) {
        signal.stopTimer();
        keepSignal = true;
        respond(response.status);
        return response as T;
      }
      const text = await response.text();
      respond(response.status);
      permit?.release();
      return interpret({ status: response.status, headers: response.headers, text, retryAfterMs }, ctx);
    } catch (thrown) {
      if (isDeskwireClientError(thrown)) throw thrown;
      const cause = signal.cause();
      if (cause === 'timeout') {
        throw ctx.fail({
          code: 'TIMEOUT',
          message: `${operation.name}: no response within ${call.timeout ?? options.timeout} ms`,
          cause: thrown,
        });
      }
      if (cause === 'aborted') throw abortError(ctx, call.signal, thrown);
      throw ctx.fail({ code: 'NETWORK', message: `${operation.name}: ${networkMessage(thrown)}`, cause: thrown });
    } finally {
      permit?.release();
      if (!keepSignal) signal.dispose();
    }

    function respond(status: number) {
      const at = clock.now();
      emit({
        type: 'response',
        operation: operation.name,
        method: operation.method,
        url,
        status,
        attempt,
        at,
        durationMs: at - started,
      });
    }
  }

  return {
    send: (request, interpret) => run(request, 'text', interpret),
    stream: (request, fail) => run<Response>(request, 'stream', fail),
  };
}

/** The caller's signal fired: `ABORTED`, or `TIMEOUT` when it was an `AbortSignal.timeout()`. */
function abortError(ctx: InterpretContext, signal: AbortSignal | undefined, cause?: unknown): DeskwireClientError {
  const reason: unknown = signal?.reason;
  const deadline = reason instanceof DOMException && reason.name === 'TimeoutError';
  return ctx.fail({
    code: deadline ? 'TIMEOUT' : 'ABORTED',
    message: `${ctx.request.operation}: ${deadline ? "the caller's deadline passed" : 'aborted by the caller'}`,
    cause: cause ?? reason,
  });
}

function neverSent(cause: unknown): boolean {
  for (let e = cause as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === 'string' && NEVER_SENT.has(e.code)) return true;
    e = e.cause as typeof e;
  }
  return false;
}

function networkMessage(error: unknown): string {
  const e = error as { message?: unknown; cause?: { code?: unknown; message?: unknown } } | undefined;
  const code = typeof e?.cause?.code === 'string' ? e.cause.code : undefined;
  const message = typeof e?.message === 'string' ? e.message : 'network error';
  return code ? `${message} (${code})` : message;
}
