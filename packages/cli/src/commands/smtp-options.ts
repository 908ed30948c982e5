import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { CliError, EXIT } from '../cli-error.js';
import { envOption } from '../env-option.js';
import { bytes, port, positiveInt, rateLimit } from '../parse-options.js';

/** `deskwire serve`'s email flags (docs/email.md), each also a `DESKWIRE_*` variable. */
export interface SmtpFlags {
  smtpPort?: number;
  smtpHost?: string;
  smtpTlsKey?: string;
  smtpTlsCert?: string;
  smtpMaxSize?: number;
  smtpMaxRecipients?: number;
  smtpRate?: { max: number; windowMs: number };
  mailRelay?: string;
}

export function addSmtpOptions(command: Command): Command {
  return command
    .option(
      '--smtp-port <port>',
      'run the inbound SMTP listener on this port, 0 picks one (or $DESKWIRE_SMTP_PORT; default off)',
      port,
    )
    .option('--smtp-host <host>', 'address the SMTP listener binds (or $DESKWIRE_SMTP_HOST; default --host)')
    .option('--smtp-tls-key <file>', 'PEM key for STARTTLS (with --smtp-tls-cert; or $DESKWIRE_SMTP_TLS_KEY)')
    .option('--smtp-tls-cert <file>', 'PEM certificate chain for STARTTLS (or $DESKWIRE_SMTP_TLS_CERT)')
    .option('--smtp-max-size <size>', 'largest inbound message, e.g. 25mb (or $DESKWIRE_SMTP_MAX_SIZE)', bytes)
    .option('--smtp-max-recipients <n>', 'most recipients per message (default 50)', positiveInt)
    .option('--smtp-rate <max/window>', 'SMTP connections per client address, e.g. 60/60s (default 60/60s)', rateLimit)
    .option('--mail-relay <url>', 'relay for replies of tenants that set none, smtp://… (or $DESKWIRE_MAIL_RELAY)');
}

/** The email channel's options from the flags and their variables; `smtp` is absent when the listener is off. */
export function smtpChannelOptions(flags: SmtpFlags, defaultHost: string) {
  const smtpPort = flags.smtpPort ?? envOption('DESKWIRE_SMTP_PORT', port);
  const keyFile = flags.smtpTlsKey ?? (process.env.DESKWIRE_SMTP_TLS_KEY || undefined);
  const certFile = flags.smtpTlsCert ?? (process.env.DESKWIRE_SMTP_TLS_CERT || undefined);
  if ((keyFile === undefined) !== (certFile === undefined)) {
    throw new CliError('USAGE', 'STARTTLS needs both --smtp-tls-key and --smtp-tls-cert', EXIT.usage);
  }
  const maxSize = flags.smtpMaxSize ?? envOption('DESKWIRE_SMTP_MAX_SIZE', bytes);
  const relay = flags.mailRelay ?? (process.env.DESKWIRE_MAIL_RELAY || undefined);
  if (relay !== undefined && !/^smtps?:\/\//.test(relay)) {
    throw new CliError('USAGE', '--mail-relay must start with smtp:// or smtps://', EXIT.usage);
  }
  return {
    ...(smtpPort !== undefined && {
      smtp: {
        host: flags.smtpHost ?? (process.env.DESKWIRE_SMTP_HOST || defaultHost),
        port: smtpPort,
        ...(keyFile !== undefined &&
          certFile !== undefined && { tls: { key: readPem(keyFile), cert: readPem(certFile) } }),
        ...(maxSize !== undefined && { maxMessageBytes: maxSize }),
        ...(flags.smtpMaxRecipients !== undefined && { maxRecipients: flags.smtpMaxRecipients }),
        ...(flags.smtpRate !== undefined && { rateLimit: flags.smtpRate }),
      },
    }),
    ...(relay !== undefined && { defaultRelayUrl: relay }),
  };
}

function readPem(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (error) {
    throw new CliError('USAGE', `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`, EXIT.usage);
  }
}
