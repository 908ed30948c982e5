import type { ClientErrorCode } from './error-codes.js';

/** What an error keeps of the request: never a credential (see `redactHeaders`, `redactUrl`). */
export interface RedactedRequest {
  /** The operation name, as the server's routes and fault rules name it (`lsq.getTicket`). */
  readonly operation: string;
  readonly method: string;
  /** The URL with credential-like query parameters replaced by `[REDACTED]`. */
  readonly url: string;
  /** The headers sent, with every credential header's value replaced by `[REDACTED]`. */
  readonly headers: Readonly<Record<string, string>>;
}

/** One place where a response breaks the wire contract. */
export interface ContractIssue {
  /** JSON pointer into the body (`/ConversationList/0/Id`). */
  readonly path: string;
  readonly message: string;
}

export interface DeskwireClientErrorInit {
  code: ClientErrorCode;
  message: string;
  request: RedactedRequest;
  /** HTTP status; 0 when no response arrived (network, timeout, abort) or nothing was sent. */
  status?: number;
  /** The vendor's own error code (`ExceptionType` for LeadSquared), when the body has one. */
  vendorCode?: string | null;
  /** The vendor's message (`ExceptionMessage`, Kapture's `message`), when the body has one. */
  vendorMessage?: string | null;
  /** The response body as received (credentials scrubbed), when one arrived and was read. */
  rawBody?: string | null;
  /** How long the server asked to wait (`Retry-After`), in ms. */
  retryAfterMs?: number | null;
  issues?: readonly ContractIssue[];
  /** Attempts made, retries included. */
  attempts?: number;
  cause?: unknown;
}

/**
 * The one error class of the SDK: every failure of every method, whatever the vendor. `code`
 * comes from the closed table `CLIENT_ERROR_CODES`; `status` is 0 when no HTTP response arrived.
 * Neither the message nor any property ever carries a credential.
 */
export class DeskwireClientError extends Error {
  override readonly name = 'DeskwireClientError';
  readonly code: ClientErrorCode;
  readonly status: number;
  readonly vendorCode: string | null;
  readonly vendorMessage: string | null;
  readonly request: RedactedRequest;
  readonly rawBody: string | null;
  readonly retryAfterMs: number | null;
  readonly issues: readonly ContractIssue[];
  readonly attempts: number;

  constructor(init: DeskwireClientErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.status = init.status ?? 0;
    this.vendorCode = init.vendorCode ?? null;
    this.vendorMessage = init.vendorMessage ?? null;
    this.request = Object.freeze({ ...init.request, headers: Object.freeze({ ...init.request.headers }) });
    this.rawBody = init.rawBody ?? null;
    this.retryAfterMs = init.retryAfterMs ?? null;
    this.issues = Object.freeze([...(init.issues ?? [])]);
    this.attempts = init.attempts ?? 1;
  }
}

/** Structural check, so errors from another copy of the package are recognised too. */
export function isDeskwireClientError(value: unknown): value is DeskwireClientError {
  return (
    value instanceof DeskwireClientError ||
    (value instanceof Error &&
      value.name === 'DeskwireClientError' &&
      typeof (value as { code?: unknown }).code === 'string' &&
      typeof (value as { request?: unknown }).request === 'object')
  );
}
