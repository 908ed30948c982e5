/**
 * The console's one way to call the server: same-origin fetch with the session cookie, the CSRF token on
 * every unsafe method, JSON in and out, and errors as `ApiCallError` with the server's code and message.
 */
export class ApiCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiCallError';
  }

  /** The session is gone (expired or signed out): the console returns to sign-in. */
  get sessionEnded(): boolean {
    return this.status === 401;
  }
}

export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Header carrying the CSRF token the session endpoint hands out. */
export const CSRF_HEADER = 'x-deskwire-csrf';

export class HttpClient {
  #csrfToken: string | undefined;

  /** Called when any call answers 401, so the app can show sign-in once, wherever the call came from. */
  onSessionEnded: (() => void) | undefined;

  set csrfToken(token: string | undefined) {
    this.#csrfToken = token;
  }

  async call<T>(method: Method, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (method !== 'GET' && this.#csrfToken !== undefined) headers[CSRF_HEADER] = this.#csrfToken;
    const response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined && { body: JSON.stringify(body) }),
      ...(signal && { signal }),
    });
    const text = await response.text();
    const parsed: unknown = text === '' ? undefined : safeJson(text);
    if (!response.ok) {
      const error = errorOf(response.status, parsed);
      if (error.sessionEnded) this.onSessionEnded?.();
      throw error;
    }
    return parsed as T;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Reads `{ error: { code, message } }` (Deskwire's native shape) or falls back to the status. */
function errorOf(status: number, body: unknown): ApiCallError {
  const inner =
    typeof body === 'object' && body !== null && 'error' in body ? (body as { error: unknown }).error : body;
  const record = typeof inner === 'object' && inner !== null ? (inner as Record<string, unknown>) : {};
  const code = typeof record.code === 'string' ? record.code : `http_${status}`;
  const message = typeof record.message === 'string' ? record.message : `The server answered ${status}.`;
  return new ApiCallError(status, code, message);
}
