import { isDeskwireClientError, KaptureClient, LeadSquaredClient, type TicketClient } from '@deskwire/client';
import { type Command, Option } from 'commander';
import { CliError, EXIT } from '../cli-error.js';
import { positiveInt, rateLimit } from '../parse-options.js';
import { type Connection, type ConnectionFlags, resolveConnection, VENDORS } from './profiles.js';

/**
 * Exit codes of the vendor commands (docs/cli.md): 0 and 2 as for every command, then one code per
 * kind of failure so a script can tell them apart.
 */
export const CLIENT_EXIT = {
  ...EXIT,
  /** The vendor refused the credentials (`AUTH`) or the operation (`FORBIDDEN`). */
  auth: 3,
  /** The ticket (or attachment) does not exist. */
  notFound: 4,
  /** The vendor failed or could not be reached: 5xx, 429, network, timeout, an unexpected answer. */
  vendor: 5,
  /** An export finished, but some tickets failed (see the summary and --report). */
  partial: 6,
} as const;

/** Adds the connection flags (each also a `DESKWIRE_*` variable) to a command. */
export function connectionOptions(command: Command): Command {
  return command
    .option('--profile <name>', 'connection profile (default: $DESKWIRE_PROFILE, else the current profile)')
    .addOption(new Option('--vendor <vendor>', 'vendor ($DESKWIRE_VENDOR)').choices(VENDORS))
    .option('--host <url>', 'API base URL ($DESKWIRE_HOST)')
    .option('--org-id <n>', 'LeadSquared org id ($DESKWIRE_ORG_ID)', positiveInt)
    .option('--access-key <key>', 'LeadSquared access key ($DESKWIRE_ACCESS_KEY; prefer the variable or a profile)')
    .option('--secret-key <key>', 'LeadSquared secret key ($DESKWIRE_SECRET_KEY; prefer the variable or a profile)')
    .option('--token <token>', 'Kapture token for every API ($DESKWIRE_TOKEN; prefer the variable or a profile)')
    .option(
      '--rate <max/window>',
      'client rate limit, e.g. 25/5s ($DESKWIRE_RATE; default: the vendor limit)',
      rateLimit,
    );
}

/** A connected client and the normalized interface over it. */
export interface Connected {
  connection: Connection;
  tickets: TicketClient;
  /** The Kapture client itself (for K4, which the normalized interface has no method for). */
  kapture?: KaptureClient;
}

/** Resolves the connection (flags, environment, profile) and builds the SDK client. */
export async function connect(flags: ConnectionFlags): Promise<Connected> {
  const connection = await resolveConnection(flags);
  const common = connection.rate ? { rateLimit: connection.rate } : {};
  try {
    if (connection.vendor === 'leadsquared') {
      if (connection.orgId === undefined) throw usage('LeadSquared needs --org-id (or DESKWIRE_ORG_ID, or a profile)');
      if (!connection.accessKey || !connection.secretKey) {
        throw usage('LeadSquared needs an access key and a secret key (a profile, or DESKWIRE_ACCESS_KEY/SECRET_KEY)');
      }
      const client = new LeadSquaredClient({
        host: connection.host,
        orgId: connection.orgId,
        accessKey: connection.accessKey,
        secretKey: connection.secretKey,
        ...common,
      });
      return { connection, tickets: client.tickets };
    }
    if (!connection.token && Object.keys(connection.tokens).length === 0) {
      throw usage(
        'Kapture needs a token (a profile, DESKWIRE_TOKEN or DESKWIRE_TOKEN_GET/ADD/UPDATE/PULL/ADD_CUSTOMER/GET_CUSTOMER)',
      );
    }
    const client = new KaptureClient({
      host: connection.host,
      ...(connection.token !== undefined && { token: connection.token }),
      ...(Object.keys(connection.tokens).length > 0 && { tokens: connection.tokens }),
      ...common,
    });
    return { connection, tickets: client.tickets, kapture: client };
  } catch (error) {
    if (error instanceof CliError) throw error;
    // The SDK's constructors throw TypeError/RangeError for a malformed host, token or limit.
    throw usage((error as Error).message);
  }
}

function usage(message: string): CliError {
  return new CliError('USAGE', message, EXIT.usage);
}

/** The exit code for an SDK error code. */
export function exitCodeFor(code: string): number {
  switch (code) {
    case 'AUTH':
    case 'FORBIDDEN':
      return CLIENT_EXIT.auth;
    case 'NOT_FOUND':
      return CLIENT_EXIT.notFound;
    case 'VALIDATION':
    case 'UNSUPPORTED':
    case 'CONFLICT':
      return CLIENT_EXIT.failure;
    default:
      return CLIENT_EXIT.vendor;
  }
}

/** Turns an SDK error into a one-line `CliError` with the documented exit code; others pass through. */
export function toCliError(error: unknown): unknown {
  if (!isDeskwireClientError(error)) return error;
  const detail = error.vendorMessage && !error.message.includes(error.vendorMessage) ? ` (${error.vendorMessage})` : '';
  return new CliError(error.code, `${error.code}: ${error.message}${detail}`, exitCodeFor(error.code));
}

/** Runs a command body, mapping SDK errors to exit codes. */
export async function withClientErrors<T>(body: () => Promise<T>): Promise<T> {
  try {
    return await body();
  } catch (error) {
    throw toCliError(error);
  }
}
