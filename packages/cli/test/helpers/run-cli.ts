import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI: these tests run `node packages/cli/dist/bin.js`, never the sources. */
export const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));

/** The demo tenant `serve --demo` seeds (org 22824, ticket #143, lead of #143). */
export const DEMO_ORG = 22824;
export const DEMO_LEAD = '330fba67-6795-46c2-9dad-077794077f70';

export interface Keys {
  accessKey: string;
  secretKey: string;
}

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The environment of every child: no inherited DESKWIRE_* settings, so only the flags count. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('DESKWIRE_') && name !== 'NODE_OPTIONS') env[name] = value;
  }
  return env;
}

/** Runs one CLI command to completion (killed after `timeoutMs`). */
export function runCli(args: readonly string[], options: { timeoutMs?: number } = {}): Promise<CliResult> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`deskwire ${args.join(' ')} did not finish within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Runs a command that must succeed and returns its stdout parsed as one JSON document. */
export async function runCliJson<T = Record<string, unknown>>(args: readonly string[]): Promise<T> {
  const result = await runCli(args);
  if (result.code !== 0) {
    throw new Error(`deskwire ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  }
  return JSON.parse(result.stdout) as T;
}

/** A fresh, empty data directory under the OS temp dir, and its removal. */
export async function tempDataDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'deskwire-cli-test-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

export interface ServeProcess {
  child: ChildProcess;
  /** The first stdout line: the base URL. */
  url: string;
  stdout: () => string;
  stderr: () => string;
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves once `text` appears on stderr (or rejects after `timeoutMs`). */
  waitForStderr: (text: string | RegExp, timeoutMs?: number) => Promise<void>;
  /** Sends `signal` and waits for the exit (SIGKILL after `timeoutMs`). */
  stop: (
    signal?: NodeJS.Signals,
    timeoutMs?: number,
  ) => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Waits for the exit without signalling (SIGKILL after `timeoutMs`). */
  waitForExit: (timeoutMs?: number) => Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL if still running; safe to call more than once (for `after`/`finally`). */
  kill: () => Promise<void>;
}

/**
 * Starts `deskwire serve --host 127.0.0.1 --port 0 ...args` and resolves once it has printed its first
 * stdout line (the base URL). The child is SIGKILLed if it does not get there within `timeoutMs`.
 */
export function startServe(
  args: readonly string[],
  options: { timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<ServeProcess> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  // --migrate: every caller starts on a fresh or current data dir (migrate.test.ts covers the refusal).
  const child = spawn(process.execPath, [BIN, 'serve', '--host', '127.0.0.1', '--port', '0', '--migrate', ...args], {
    env: { ...childEnv(), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const stderrWaiters = new Set<() => void>();
  child.stdout?.setEncoding('utf8');
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk;
    for (const check of stderrWaiters) check();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  let running = true;
  void exited.then(() => {
    running = false;
  });

  const kill = async () => {
    if (!running) return;
    child.kill('SIGKILL');
    await exited;
  };

  const waitForExit = async (exitTimeoutMs = 10_000) => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), exitTimeoutMs);
    });
    const outcome = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      await kill();
      throw new Error(`deskwire serve did not exit within ${exitTimeoutMs} ms\n${stderr}`);
    }
    return outcome;
  };

  const stop = async (signal: NodeJS.Signals = 'SIGTERM', stopTimeoutMs = 10_000) => {
    if (running) child.kill(signal);
    return waitForExit(stopTimeoutMs);
  };

  const waitForStderr = (text: string | RegExp, waitMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      const found = () => (typeof text === 'string' ? stderr.includes(text) : text.test(stderr));
      if (found()) return resolve();
      const check = () => {
        if (!found()) return;
        stderrWaiters.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        stderrWaiters.delete(check);
        reject(new Error(`stderr did not show ${String(text)} within ${waitMs} ms:\n${stderr}`));
      }, waitMs);
      stderrWaiters.add(check);
    });

  return new Promise((resolve, reject) => {
    const fail = (error: Error) => {
      clearTimeout(timer);
      void kill().then(() => reject(error));
    };
    const timer = setTimeout(
      () => fail(new Error(`deskwire serve printed no URL within ${timeoutMs} ms\nstderr:\n${stderr}`)),
      timeoutMs,
    );
    child.on('error', fail);
    void exited.then(({ code, signal }) => {
      if (!stdout.includes('\n'))
        fail(new Error(`deskwire serve exited (${code ?? signal}) before printing its URL\nstderr:\n${stderr}`));
    });
    child.stdout?.on('data', (chunk: string) => {
      const before = stdout;
      stdout += chunk;
      if (before.includes('\n') || !stdout.includes('\n')) return;
      clearTimeout(timer);
      const url = stdout.slice(0, stdout.indexOf('\n'));
      resolve({
        child,
        url,
        stdout: () => stdout,
        stderr: () => stderr,
        exited,
        waitForStderr,
        stop,
        waitForExit,
        kill,
      });
    });
  });
}

/**
 * Waits until stdout holds at least `lines` complete lines. Only a count the writes cannot split is
 * safe: the demo banner (keys, curl line) is one write, so 7 lines hold the keys; to wait for one
 * particular line, use `waitForStdoutLine`.
 */
export async function waitForStdoutLines(server: ServeProcess, lines: number, timeoutMs = 15_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all = server.stdout().split('\n');
    if (all.length - 1 >= lines) return all.slice(0, -1);
    if (Date.now() > deadline) throw new Error(`stdout has fewer than ${lines} lines:\n${server.stdout()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Waits until a complete stdout line matches `pattern` and returns the match. `serve` prints its
 * banner in several writes (base URL, store, console, sandbox, SMTP port, demo keys), and a reader can
 * see any prefix of them, so a test that needs one of them waits for that line, not for a line count.
 */
export async function waitForStdoutLine(
  server: ServeProcess,
  pattern: RegExp,
  timeoutMs = 15_000,
): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const line of server.stdout().split('\n').slice(0, -1)) {
      const match = pattern.exec(line);
      if (match) return match;
    }
    if (Date.now() > deadline) throw new Error(`no stdout line matches ${pattern}:\n${server.stdout()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The SMTP port `serve --smtp-port` prints ("SMTP listening on <host>:<port>"). */
export async function smtpPortOf(server: ServeProcess): Promise<number> {
  const [, port] = await waitForStdoutLine(server, /^SMTP listening on .+:(\d+)$/);
  return Number(port);
}

/** The key pair printed by `serve --demo`. */
export function demoKeys(stdout: string): Keys {
  const accessKey = /^\s*X-LSQ-ACCESS-KEY: (\S+)$/m.exec(stdout)?.[1];
  const secretKey = /^\s*X-LSQ-SECRET-KEY: (\S+)$/m.exec(stdout)?.[1];
  if (!accessKey || !secretKey) throw new Error(`no demo keys in:\n${stdout}`);
  return { accessKey, secretKey };
}

/** Headers for a key pair. */
export function auth(keys: Keys): Record<string, string> {
  return { 'x-lsq-access-key': keys.accessKey, 'x-lsq-secret-key': keys.secretKey };
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  // biome-ignore lint/suspicious/noExplicitAny: tests check response bodies field by field
  json: () => any;
}

/**
 * One HTTP request on its own, fresh connection (no agent, no keep-alive pool), so a test knows it
 * opens a new connection. Rejects on connection errors; aborted after `timeoutMs`.
 */
export function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; timeoutMs?: number } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: options.method ?? 'GET',
        agent: false,
        headers: { connection: 'close', ...options.headers },
        timeout: options.timeoutMs ?? 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            json: () => JSON.parse(body.toString('utf8')),
          });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${options.method ?? 'GET'} ${url} timed out`)));
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A JSON API call with a key pair. */
export function api(baseUrl: string, keys: Keys, method: string, path: string, body?: unknown): Promise<HttpResult> {
  return request(`${baseUrl}${path}`, {
    method,
    headers: { ...auth(keys), ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
}

/** An L1 create body: a ticket on the demo lead (or on a lead named by e-mail when `leadEmail` is given). */
export function createBody(
  fields: Record<string, string>,
  lead: { id: string } | { email: string } = { id: DEMO_LEAD },
) {
  return {
    TypeId: '1',
    ...('id' in lead
      ? { LeadId: lead.id }
      : { LeadId: [{ SchemaName: 'LeadDetail.EmailAddress', Value: lead.email }] }),
    Fields: Object.entries(fields).map(([SchemaName, Value]) => ({ SchemaName, Value })),
    RelatedTicketTypeId: 1,
  };
}
