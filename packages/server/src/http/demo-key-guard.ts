import type { FastifyRequest } from 'fastify';
import { AuthFailure } from '../core/auth-failure.js';
import type { Principal } from '../core/authenticate.js';
import { DEMO } from '../demo/demo-content.js';

/** 127.0.0.0/8 and ::1, also as IPv4-mapped IPv6. */
function isLoopback(ip: string): boolean {
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  return ip === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/**
 * The demo's Admin keys are published (README), so they answer only callers on this machine: a loopback
 * address, and no proxy in between (a request with `X-Forwarded-For` or `Forwarded` came through one, even
 * from a proxy on this host). The check follows the key, not the `--demo` flag, so the demo tenant stays
 * loopback-only after a restart without `--demo`. `allowAnywhere` (`--demo-public`) lifts it.
 */
export function refuseDemoKeyOffLoopback(request: FastifyRequest, principal: Principal, allowAnywhere: boolean): void {
  if (allowAnywhere || principal.accessKey !== DEMO.accessKey) return;
  const proxied = request.headers['x-forwarded-for'] !== undefined || request.headers.forwarded !== undefined;
  if (isLoopback(request.ip) && !proxied) return;
  throw new AuthFailure(
    'address_not_allowed',
    principal.accessKey,
    'IpNotAllowed',
    'The demo keys are public and answer callers on the server machine only; the operator can allow other addresses with --demo-public',
  );
}
