import { chmod, mkdir, open, readFile, rename } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { KAP_TOKEN_APIS, type KapTokenApi } from '@deskwire/wire';
import { CliError, EXIT } from '../cli-error.js';

/** The variable holding one API's token: `DESKWIRE_TOKEN_GET`, …, `DESKWIRE_TOKEN_ADD_CUSTOMER`. */
export function tokenEnvName(api: KapTokenApi): string {
  return `DESKWIRE_TOKEN_${api.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/** The vendors a profile can name. */
export const VENDORS = ['leadsquared', 'kapture'] as const;
export type VendorName = (typeof VENDORS)[number];

/** One saved connection. Secrets are stored here, in a file only the user can read (mode 0600). */
export interface Profile {
  vendor: VendorName;
  host: string;
  /** LeadSquared's account number. */
  orgId?: number;
  accessKey?: string;
  secretKey?: string;
  /** Kapture: one token for every API. */
  token?: string;
  /** Kapture: a token per API (wins over `token`). */
  tokens?: Partial<Record<KapTokenApi, string>>;
}

export interface ProfileFile {
  current: string | null;
  profiles: Record<string, Profile>;
}

/** `$DESKWIRE_CONFIG_DIR`, else `$XDG_CONFIG_HOME/deskwire`, else `~/.config/deskwire`. */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DESKWIRE_CONFIG_DIR) return env.DESKWIRE_CONFIG_DIR;
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'deskwire');
  return join(homedir(), '.config', 'deskwire');
}

export function profilesPath(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'profiles.json');
}

export async function readProfiles(): Promise<ProfileFile> {
  let text: string;
  try {
    text = await readFile(profilesPath(), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { current: null, profiles: {} };
    throw new CliError('CONFIG', `cannot read ${profilesPath()}: ${(error as Error).message}`);
  }
  try {
    const parsed = JSON.parse(text) as Partial<ProfileFile>;
    return { current: parsed.current ?? null, profiles: parsed.profiles ?? {} };
  } catch {
    throw new CliError('CONFIG', `${profilesPath()} is not valid JSON`);
  }
}

/**
 * Writes the profile file atomically: a temporary file created with mode 0600 in a 0700 directory,
 * fsync'd, then renamed over the old one, so a crash never leaves a half-written file or a moment
 * where the keys are readable by others.
 */
export async function writeProfiles(file: ProfileFile): Promise<void> {
  const dir = configDir();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const path = profilesPath();
  const temp = `${path}.${process.pid}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(`${JSON.stringify(file, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await chmod(temp, 0o600);
  await rename(temp, path);
}

/** Connection options every vendor command takes (flags; each has a `DESKWIRE_*` variable). */
export interface ConnectionFlags {
  profile?: string;
  vendor?: string;
  host?: string;
  orgId?: number;
  accessKey?: string;
  secretKey?: string;
  token?: string;
  rate?: { max: number; windowMs: number };
}

/** A complete connection, after precedence: flag, then environment, then profile. */
export interface Connection {
  vendor: VendorName;
  host: string;
  orgId: number | undefined;
  accessKey: string | undefined;
  secretKey: string | undefined;
  token: string | undefined;
  tokens: Partial<Record<KapTokenApi, string>>;
  rate: { max: number; windowMs: number } | undefined;
  /** The profile used, if any. */
  profile: string | null;
}

/**
 * Resolves the connection. Precedence, highest first: command-line flag; `DESKWIRE_*` environment
 * variable; the profile named by `--profile`, else `$DESKWIRE_PROFILE`, else the current profile
 * (`deskwire profile use`). A named profile that does not exist is a usage error.
 */
export async function resolveConnection(
  flags: ConnectionFlags,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Connection> {
  const file = await readProfiles();
  const name = flags.profile ?? env.DESKWIRE_PROFILE ?? file.current;
  let profile: Profile | undefined;
  if (name) {
    profile = file.profiles[name];
    if (!profile && (flags.profile !== undefined || env.DESKWIRE_PROFILE !== undefined)) {
      throw new CliError('USAGE', `no profile named '${name}' (deskwire profile list)`, EXIT.usage);
    }
  }
  const vendor = flags.vendor ?? env.DESKWIRE_VENDOR ?? profile?.vendor;
  if (vendor === undefined) {
    throw new CliError(
      'USAGE',
      'no connection: pass --vendor and --host, set DESKWIRE_VENDOR and DESKWIRE_HOST, or add a profile (deskwire profile add)',
      EXIT.usage,
    );
  }
  if (!(VENDORS as readonly string[]).includes(vendor)) {
    throw new CliError('USAGE', `vendor '${vendor}' is not one of ${VENDORS.join(', ')}`, EXIT.usage);
  }
  const host = flags.host ?? env.DESKWIRE_HOST ?? profile?.host;
  if (!host) throw new CliError('USAGE', 'no host: pass --host, set DESKWIRE_HOST or use a profile', EXIT.usage);
  const orgText = env.DESKWIRE_ORG_ID;
  const orgId = flags.orgId ?? (orgText !== undefined && orgText !== '' ? Number(orgText) : profile?.orgId);
  if (orgId !== undefined && !(Number.isSafeInteger(orgId) && orgId > 0)) {
    throw new CliError('USAGE', `DESKWIRE_ORG_ID '${orgText}' is not a positive integer`, EXIT.usage);
  }
  const tokens: Partial<Record<KapTokenApi, string>> = { ...(profile?.tokens ?? {}) };
  for (const api of KAP_TOKEN_APIS) {
    const fromEnv = env[tokenEnvName(api)];
    if (fromEnv) tokens[api] = fromEnv;
  }
  const rateText = env.DESKWIRE_RATE;
  const rate = flags.rate ?? (rateText ? parseRate(rateText) : undefined);
  const connection: Connection = {
    vendor: vendor as VendorName,
    host,
    orgId,
    accessKey: flags.accessKey ?? env.DESKWIRE_ACCESS_KEY ?? profile?.accessKey,
    secretKey: flags.secretKey ?? env.DESKWIRE_SECRET_KEY ?? profile?.secretKey,
    token: flags.token ?? env.DESKWIRE_TOKEN ?? profile?.token,
    // A --token flag overrides every per-API token from the environment or profile.
    tokens: flags.token !== undefined ? {} : tokens,
    rate,
    profile: profile && name ? name : null,
  };
  return Object.freeze(connection);
}

function parseRate(text: string): { max: number; windowMs: number } {
  const match = /^([0-9]+)\/([0-9]+)(ms|s)?$/.exec(text);
  if (!match) throw new CliError('USAGE', `DESKWIRE_RATE '${text}' is not MAX/WINDOW such as 25/5s`, EXIT.usage);
  return { max: Number(match[1]), windowMs: Number(match[2]) * (match[3] === 's' ? 1000 : 1) };
}
