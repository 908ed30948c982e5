import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The built CLI: the reliability suites and the soak run `deskwire serve` as users do. */
export const BIN = fileURLToPath(new URL('../../cli/dist/bin.js', import.meta.url));

/** The demo tenant's public keys (`deskwire serve --demo`, README). */
export const DEMO_ORG = 22824;
export const DEMO_KEYS = { accessKey: 'u$rdeskwire-demo-22824', secretKey: 'deskwire-demo-secret-not-for-production' };
export const DEMO_LEAD = '330fba67-6795-46c2-9dad-077794077f70';

export function lsqHeaders(keys = DEMO_KEYS): Record<string, string> {
  return { 'x-lsq-access-key': keys.accessKey, 'x-lsq-secret-key': keys.secretKey };
}

export interface ServeChild {
  child: ChildProcess;
  url: string;
  pid: number;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL (no clean-up runs: the crash we test for). */
  kill: () => Promise<void>;
  /** SIGTERM and wait for the clean exit. */
  stop: () => Promise<void>;
}

/** Children see no inherited DESKWIRE_* settings, so only the flags count. */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('DESKWIRE_') && name !== 'NODE_OPTIONS') env[name] = value;
  }
  return env;
}

let migrateFlag: string[] | undefined;
/** `--migrate` once `serve` has it (a fresh data dir then needs it); nothing on builds without it. */
function migrateArgs(): string[] {
  migrateFlag ??= execFileSync(process.execPath, [BIN, 'serve', '--help'], { encoding: 'utf8' }).includes('--migrate')
    ? ['--migrate']
    : [];
  return migrateFlag;
}

/** Starts `deskwire serve --port 0` on `dataDir`; resolves with the URL it prints first. */
export function startServe(dataDir: string, extra: readonly string[] = [], timeoutMs = 30_000): Promise<ServeChild> {
  const args = [BIN, 'serve', '--host', '127.0.0.1', '--port', '0', '--data-dir', dataDir, '--log-level', 'warn'];
  const child = spawn(process.execPath, [...args, ...migrateArgs(), ...extra], {
    env: childEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  let running = true;
  void exited.then(() => {
    running = false;
  });
  const kill = async () => {
    if (running) child.kill('SIGKILL');
    await exited;
  };
  const stop = async () => {
    if (running) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void kill().then(() => reject(new Error(`serve printed no URL within ${timeoutMs} ms\n${stderr}`)));
    }, timeoutMs);
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code ?? signal}) before printing its URL\n${stderr}`));
    });
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline < 0 || child.pid === undefined) return;
      clearTimeout(timer);
      resolve({ child, url: stdout.slice(0, newline), pid: child.pid, stderr: () => stderr, exited, kill, stop });
    });
  });
}

/** Runs a CLI command to completion; throws on a non-zero exit. */
export function runCli(args: readonly string[]): string {
  return execFileSync(process.execPath, [BIN, ...args], { env: childEnv(), encoding: 'utf8' });
}

/**
 * A data dir with the demo tenant (org 22824, ticket #143) and its rate limit lifted: `serve --demo` once,
 * stopped cleanly, then `tenant update`, all through the CLI.
 */
export async function prepareDemoDataDir(dataDir: string): Promise<void> {
  const first = await startServe(dataDir, ['--demo']);
  await first.stop();
  runCli(['tenant', 'update', '--org-id', String(DEMO_ORG), '--rate-limit', '1000000/1s', '--data-dir', dataDir]);
}
