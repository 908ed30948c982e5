import { isIP } from 'node:net';
import { InvalidArgumentError } from 'commander';

/** Commander argument parsers with messages that name the problem. */
export function positiveInt(value: string): number {
  if (!/^[0-9]+$/.test(value) || Number(value) <= 0 || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError(`'${value}' is not a positive integer`);
  }
  return Number(value);
}

/** `--sqlite-synchronous`: the SQLite durability level (docs/reliability.md "Durability"). */
export function sqliteSynchronousLevel(value: string): 'extra' | 'full' | 'normal' {
  const level = value.toLowerCase();
  if (level === 'extra' || level === 'full' || level === 'normal') return level;
  throw new InvalidArgumentError(`'${value}' is not a SQLite synchronous level: full (default), extra or normal`);
}

/** A whole number, 0 included (0 usually means "off"). */
export function count(value: string): number {
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError(`'${value}' is not a whole number`);
  }
  return Number(value);
}

/**
 * A delay for `setTimeout` in milliseconds: Node holds at most 2^31-1 ms (about 24.8 days) and fires a
 * longer one after 1 ms, which would turn a long grace period into none.
 */
export function timerMs(value: string): number {
  const ms = positiveInt(value);
  if (ms > 2 ** 31 - 1) throw new InvalidArgumentError(`'${value}' ms is longer than a timer holds (2147483647 ms)`);
  return ms;
}

export function port(value: string): number {
  if (!/^[0-9]+$/.test(value) || Number(value) > 65535)
    throw new InvalidArgumentError(`'${value}' is not a port number`);
  return Number(value);
}

export function bool(value: string): boolean {
  if (/^(true|yes|on|1)$/i.test(value)) return true;
  if (/^(false|no|off|0)$/i.test(value)) return false;
  throw new InvalidArgumentError(`'${value}' is not true or false`);
}

/** `25/5s`, `25/5000ms` or `25/5000` (milliseconds). */
export function rateLimit(value: string): { max: number; windowMs: number } {
  const match = /^([0-9]+)\/([0-9]+)(ms|s)?$/.exec(value);
  if (!match) throw new InvalidArgumentError(`'${value}' is not MAX/WINDOW such as 25/5s`);
  const windowMs = Number(match[2]) * (match[3] === 's' ? 1000 : 1);
  return { max: Number(match[1]), windowMs };
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** Byte sizes: `1048576`, `512kb`, `25mb`. */
export function bytes(value: string): number {
  const match = /^([0-9]+)(b|kb|mb|gb)?$/i.exec(value);
  if (!match) throw new InvalidArgumentError(`'${value}' is not a size such as 25mb`);
  const unit = (match[2] ?? 'b').toLowerCase();
  const factor = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[unit] ?? 1;
  return Number(match[1]) * factor;
}

/**
 * `--trust-proxy`: `true`/`false`, a hop count (`1` behind one load balancer: the address it saw, which a
 * client cannot forge), or a comma-separated list of proxy addresses/CIDRs to trust.
 */
export function trustProxySetting(value: string): boolean | number | string[] {
  if (/^(true|yes|on|false|no|off)$/i.test(value)) return bool(value);
  if (/^[0-9]+$/.test(value)) {
    const hops = Number(value);
    if (hops > 32) throw new InvalidArgumentError(`'${value}': at most 32 proxy hops`);
    return hops === 0 ? false : hops;
  }
  const list = value.split(',').map((entry) => entry.trim());
  for (const entry of list) {
    const [address = '', prefix, extra] = entry.split('/');
    const family = isIP(address);
    const bits = family === 4 ? 32 : 128;
    const prefixOk = prefix === undefined || (/^[0-9]{1,3}$/.test(prefix) && Number(prefix) <= bits);
    if (family === 0 || !prefixOk || extra !== undefined) {
      throw new InvalidArgumentError(`'${entry}' is not true, false, a hop count, or an IP address or CIDR`);
    }
  }
  return list;
}
