import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI: the console is served the way users get it, `deskwire serve` handing the server its files. */
const BIN = fileURLToPath(new URL('../../../cli/dist/bin.js', import.meta.url));

export interface ConsoleServer {
  /** The server's base URL (`http://127.0.0.1:PORT`). */
  url: string;
  /** `${url}/console/`. */
  consoleUrl: string;
  stdout: () => string;
  stderr: () => string;
  close: () => Promise<void>;
}

/**
 * Starts `deskwire serve --demo` on a fresh data directory and a free port, and resolves once it has
 * printed its startup lines. `close` kills it and removes the directory.
 */
export async function startConsoleServer(args: readonly string[] = [], timeoutMs = 30_000): Promise<ConsoleServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'deskwire-console-test-'));
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('DESKWIRE_') && name !== 'NODE_OPTIONS') env[name] = value;
  }
  const child: ChildProcess = spawn(
    process.execPath,
    [BIN, 'serve', '--host', '127.0.0.1', '--port', '0', '--migrate', '--demo', '--data-dir', dataDir, ...args],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  const started = Date.now();
  // The demo lines come last: once they are out, every earlier line (URL, console address) is too.
  while (!/Demo tenant/.test(stdout)) {
    if (child.exitCode !== null || Date.now() - started > timeoutMs) {
      await close();
      throw new Error(`deskwire serve did not start:\nstdout:\n${stdout}\nstderr:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const url = stdout.slice(0, stdout.indexOf('\n'));
  return { url, consoleUrl: `${url}/console/`, stdout: () => stdout, stderr: () => stderr, close };
}
