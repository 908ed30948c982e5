import ipaddr from 'ipaddr.js';
import { ApiError } from '../errors/api-error.js';

/** Throws a `ValidationError` unless every entry is a CIDR (`10.0.0.0/8`) or a single address. */
export function parseAllowlist(entries: readonly string[]): string[] {
  return entries.map((entry) => {
    const trimmed = entry.trim();
    const valid = trimmed.includes('/') ? isCidr(trimmed) : ipaddr.isValid(trimmed);
    if (!valid) throw new ApiError('ValidationError', `'${entry.slice(0, 60)}' is not an IP address or CIDR`);
    return trimmed;
  });
}

function isCidr(value: string): boolean {
  try {
    ipaddr.parseCIDR(value);
    return true;
  } catch {
    return false;
  }
}

/** Whether `ip` falls in one of the CIDRs. IPv4-mapped IPv6 (`::ffff:1.2.3.4`) counts as IPv4. */
export function isAllowed(ip: string, allowlist: readonly string[]): boolean {
  if (!ipaddr.isValid(ip)) return false;
  const address = ipaddr.process(ip);
  return allowlist.some((entry) => {
    const [range, bits] = entry.includes('/')
      ? ipaddr.parseCIDR(entry)
      : ([ipaddr.process(entry), ipaddr.process(entry).kind() === 'ipv4' ? 32 : 128] as const);
    const normalized =
      range.kind() === 'ipv6' && (range as ipaddr.IPv6).isIPv4MappedAddress()
        ? (range as ipaddr.IPv6).toIPv4Address()
        : range;
    if (normalized.kind() !== address.kind()) return false;
    const prefix = normalized === range ? bits : bits - 96;
    return address.match(normalized, prefix);
  });
}
