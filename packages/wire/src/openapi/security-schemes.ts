/**
 * How each surface authenticates (docs/leadsquared-api.md "Authentication", docs/kapture-api.md
 * "Tokens", docs/sandbox.md): the OpenAPI security schemes, and each surface's requirement.
 */
export const SECURITY_SCHEMES = {
  lsqAccessKey: {
    type: 'apiKey',
    in: 'header',
    name: 'x-lsq-access-key',
    description: "LeadSquared: the user's access key, sent with its secret key.",
  },
  lsqSecretKey: {
    type: 'apiKey',
    in: 'header',
    name: 'x-lsq-secret-key',
    description: "LeadSquared: the user's secret key, sent with its access key.",
  },
  kaptureToken: {
    type: 'apiKey',
    in: 'header',
    name: 'Authorization',
    description:
      'Kapture: `Authorization: Basic <token>`, the token sent as issued (it is not base64 of user:password); ' +
      'one token per API (add, update, get, pull).',
  },
  sandboxAdminToken: {
    type: 'apiKey',
    in: 'header',
    name: 'x-deskwire-admin-token',
    description: 'The sandbox admin token (`--admin-token`); `Authorization: Bearer <token>` works too.',
  },
  deskwireSession: {
    type: 'apiKey',
    in: 'cookie',
    name: 'deskwire_session',
    description:
      'Deskwire /api/v1: the agent session cookie set by `POST /api/v1/session` (HttpOnly, SameSite=Strict).',
  },
  deskwireCsrf: {
    type: 'apiKey',
    in: 'header',
    name: 'x-deskwire-csrf',
    description:
      'Deskwire /api/v1: the CSRF token of the session (from `POST` or `GET /api/v1/session`), required on every ' +
      'state-changing call made with the session cookie; key-pair calls need none.',
  },
} as const;

/** Both LeadSquared headers together (one requirement object: AND). */
export const LSQ_SECURITY = [{ lsqAccessKey: [], lsqSecretKey: [] }] as const;
export const KAPTURE_SECURITY = [{ kaptureToken: [] }] as const;
export const SANDBOX_SECURITY = [{ sandboxAdminToken: [] }] as const;
/** /api/v1 reads: the key pair, or the session cookie. */
export const NATIVE_READ_SECURITY = [{ lsqAccessKey: [], lsqSecretKey: [] }, { deskwireSession: [] }] as const;
/** /api/v1 writes: the key pair, or the session cookie with its CSRF header. */
export const NATIVE_WRITE_SECURITY = [
  { lsqAccessKey: [], lsqSecretKey: [] },
  { deskwireSession: [], deskwireCsrf: [] },
] as const;
