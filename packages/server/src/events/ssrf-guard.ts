import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Outbound webhook targets an operator did not allow: loopback, private (RFC 1918), carrier-grade NAT,
 * link-local (cloud metadata at 169.254.169.254), unique-local and unspecified addresses, IPv4 and IPv6.
 */
const BLOCKED = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  BLOCKED.addSubnet(net, prefix, 'ipv6');
}

/** Whether an IP address is one webhooks refuse by default (IPv4-mapped IPv6 checked as IPv4). */
export function isBlockedAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1]) return BLOCKED.check(mapped[1], 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return BLOCKED.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** A refused target: the delivery fails with this reason (and is retried: DNS may change). */
export class BlockedTargetError extends Error {
  constructor(readonly address: string) {
    super(`refused: ${address} is a loopback, private or link-local address (webhooks-allow-private is off)`);
  }
}

/**
 * A `lookup` for `http.request` that resolves the host and refuses blocked addresses: the check applies to
 * the address actually connected to, so a name that resolves differently on the second lookup (DNS
 * rebinding) cannot slip past it.
 */
export function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const blocked = allowPrivate ? undefined : addresses.find((a) => isBlockedAddress(a.address));
      if (blocked) return callback(new BlockedTargetError(blocked.address), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const first = addresses[0];
      if (!first) return callback(new Error(`no address for ${hostname}`), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

/** Refuses an IP-literal host up front (Node connects to literals without calling `lookup`). */
export function checkLiteralHost(hostname: string, allowPrivate: boolean): void {
  const bare = hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && isIP(bare) !== 0 && isBlockedAddress(bare)) throw new BlockedTargetError(bare);
}
