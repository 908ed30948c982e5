/**
 * What this server offers the console, read from its own OpenAPI document (`GET /openapi.json`, public):
 * the console turns features on by the paths the server lists rather than by a version number, so a
 * server without the native API, the event stream, presence or the sandbox pages still gets a console that says so.
 */
export interface Capabilities {
  /** Deskwire's own API (`/api/v1/...`) beyond the email replies endpoint. */
  nativeApi: boolean;
  /** `POST /api/v1/tenants/{orgId}/tickets/{ref}/replies`. */
  replies: boolean;
  /** `GET /api/v1/tenants/{orgId}/events/stream` (the event log as text/event-stream). */
  events: boolean;
  /** Someone-else-is-replying presence. */
  presence: boolean;
  /**
   * The sandbox's request journal and fault rules on /api/v1. Whether the sandbox is on is a runtime matter:
   * the admin pages ask `GET …/sandbox` before showing them.
   */
  sandbox: boolean;
  /** Every path the document lists, for pages that need more precise checks. */
  paths: readonly string[];
}

const NATIVE_PREFIX = '/api/v1/';

/** Reads the capabilities from an OpenAPI document's `paths` object. */
export function capabilitiesOf(document: unknown): Capabilities {
  const pathsObject =
    typeof document === 'object' && document !== null && 'paths' in document
      ? (document as { paths: unknown }).paths
      : undefined;
  const paths = typeof pathsObject === 'object' && pathsObject !== null ? Object.keys(pathsObject) : [];
  const native = paths.filter((p) => p.startsWith(NATIVE_PREFIX));
  const replies = native.some((p) => p.endsWith('/replies'));
  return {
    nativeApi: native.some((p) => !p.endsWith('/replies')),
    replies,
    events: native.some((p) => /\/events\/stream$/.test(p)),
    presence: native.some((p) => /\/presence$/.test(p)),
    sandbox: native.some((p) => /\/sandbox\/journal$/.test(p)),
    paths,
  };
}

/** Fetches `/openapi.json` from the console's own origin. */
export async function loadCapabilities(signal?: AbortSignal): Promise<Capabilities> {
  const response = await fetch('/openapi.json', { credentials: 'same-origin', ...(signal && { signal }) });
  if (!response.ok) throw new Error(`GET /openapi.json answered ${response.status}`);
  return capabilitiesOf(await response.json());
}
