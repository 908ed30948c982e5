import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { ImapFlow } from 'imapflow';

/** Debian's Dovecot (`apt-get install dovecot-imapd`, done by .ci/run). */
export const DOVECOT_BIN = ['/usr/sbin/dovecot', '/usr/bin/dovecot'].find((p) => existsSync(p));

export interface TestImapServer {
  port: number;
  user: string;
  password: string;
  /** `imap://user:password@127.0.0.1:port/INBOX`. */
  url: string;
  /** Delivers a message into the user's INBOX (IMAP APPEND), as an MTA delivering to the mailbox would. */
  append(raw: Buffer | string, mailbox?: string): Promise<void>;
  /** A client for looking at the mailbox (flags, folders). */
  client(): Promise<ImapFlow>;
  stop(): Promise<void>;
}

/**
 * A private Dovecot on 127.0.0.1 for one test file: its own config, a passwd-file user, mail in a
 * temp dir, started in the foreground as a child and stopped with the test. Nothing of the system's
 * Dovecot (config, service, ports) is used.
 */
export async function startDovecot(): Promise<TestImapServer> {
  if (!DOVECOT_BIN) throw new Error('dovecot is not installed: run .ci/run (apt-get install dovecot-imapd)');
  const dir = await mkdtemp(join(tmpdir(), 'deskwire-dovecot-'));
  await chmod(dir, 0o755);
  const home = join(dir, 'home');
  await mkdir(home, { recursive: true });
  const port = await freePort();
  const user = 'support@edu101.example';
  const password = 'imap-test-password';
  const root = process.getuid?.() === 0;
  // As root, mail is owned by Debian's `mail` user; otherwise by whoever runs the tests.
  const me = userInfo();
  const mailUser = root ? 'mail' : me.username;
  if (root) await chown(home, 8, 8);
  await writeFile(join(dir, 'passwd'), `${user}:{PLAIN}${password}\n`, { mode: 0o644 });
  await writeFile(
    join(dir, 'dovecot.conf'),
    [
      `base_dir = ${dir}/run`,
      `state_dir = ${dir}/state`,
      `instance_name = deskwire-test-${port}`,
      `log_path = ${dir}/dovecot.log`,
      'protocols = imap',
      'listen = 127.0.0.1',
      'ssl = no',
      'disable_plaintext_auth = no',
      'auth_mechanisms = plain login',
      `mail_location = maildir:${home}/%u/Maildir`,
      'first_valid_uid = 1',
      // IDLE notices new mail within a second (inotify aside), so tests need not wait for polls.
      'mailbox_idle_check_interval = 1 secs',
      ...(root ? [] : [`default_login_user = ${me.username}`, `default_internal_user = ${me.username}`]),
      `passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u ${dir}/passwd\n}`,
      `userdb {\n  driver = static\n  args = uid=${mailUser} gid=${root ? 'mail' : String(process.getgid?.())} home=${home}/%u\n}`,
      `service imap-login {\n  chroot =\n  inet_listener imap {\n    address = 127.0.0.1\n    port = ${port}\n  }\n  inet_listener imaps {\n    port = 0\n  }\n}`,
      'service anvil {\n  chroot =\n}',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(DOVECOT_BIN, ['-c', join(dir, 'dovecot.conf'), '-F'], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(port);
  const url = `imap://${encodeURIComponent(user)}:${password}@127.0.0.1:${port}/INBOX`;
  const client = async () => {
    const c = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass: password }, logger: false });
    await c.connect();
    return c;
  };
  return {
    port,
    user,
    password,
    url,
    client,
    append: async (raw, mailbox = 'INBOX') => {
      const c = await client();
      try {
        await c.append(mailbox, raw);
      } finally {
        await c.logout();
      }
    },
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`dovecot did not listen on ${port}`);
}
