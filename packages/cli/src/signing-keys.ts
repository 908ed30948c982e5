import { readFileSync } from 'node:fs';
import type { SigningKeys } from '@deskwire/server';
import { CliError, EXIT } from './cli-error.js';

/** Shortest key accepted, in bytes (the server's `MIN_SIGNING_KEY_BYTES`; not imported, see server-module.ts). */
const MIN_KEY_BYTES = 32;

/**
 * Download-URL signing keys from the environment (docs/deploy.md "Signing key"): `DESKWIRE_SIGNING_KEY`
 * or `DESKWIRE_SIGNING_KEY_FILE` (a file holding it, e.g. a mounted secret), and for a rotation
 * `DESKWIRE_SIGNING_KEY_PREVIOUS` or `…_PREVIOUS_FILE`. Undefined when no key is set: the server then keeps
 * a generated key in the database. A value of 64 or more hex digits is the key's bytes in hex; any other
 * value is used as its UTF-8 bytes. Either way at least 32 bytes.
 */
export function signingKeysFromEnv(env: NodeJS.ProcessEnv = process.env): SigningKeys | undefined {
  const current = readKey('DESKWIRE_SIGNING_KEY', 'DESKWIRE_SIGNING_KEY_FILE', env);
  const previous = readKey('DESKWIRE_SIGNING_KEY_PREVIOUS', 'DESKWIRE_SIGNING_KEY_PREVIOUS_FILE', env);
  if (current === undefined) {
    if (previous !== undefined) {
      throw usage('DESKWIRE_SIGNING_KEY_PREVIOUS is set without DESKWIRE_SIGNING_KEY; set the new key too');
    }
    return undefined;
  }
  return { current, ...(previous !== undefined && { previous: [previous] }) };
}

function readKey(name: string, fileName: string, env: NodeJS.ProcessEnv): Buffer | undefined {
  const inline = env[name] || undefined;
  const file = env[fileName] || undefined;
  if (inline !== undefined && file !== undefined) throw usage(`set ${name} or ${fileName}, not both`);
  let text = inline;
  if (file !== undefined) {
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw usage(`${fileName}: cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    }
  }
  if (text === undefined) return undefined;
  // A trailing newline from `echo` or a secrets mount is not part of the key.
  const value = text.trim();
  const key = /^(?:[0-9a-fA-F]{2}){32,}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'utf8');
  if (key.length < MIN_KEY_BYTES) {
    // Never echo the value: it is a secret, however short.
    throw usage(
      `${file !== undefined ? fileName : name}: the key must be at least ${MIN_KEY_BYTES} bytes (openssl rand -hex 32)`,
    );
  }
  return key;
}

function usage(message: string): CliError {
  return new CliError('INVALID_SIGNING_KEY', message, EXIT.usage);
}
