import { type ChildProcess, spawn } from 'node:child_process';
import { BIN, type CliResult } from './run-cli.js';

/** The parent's environment without DESKWIRE_* (so only what a test sets counts), plus `env`. */
export function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.startsWith('DESKWIRE_') && name !== 'NODE_OPTIONS') out[name] = value;
  }
  return { ...out, ...env };
}

/** Starts the built CLI with an environment; stdin is a pipe (not a TTY), closed after `input`. */
export function spawnCli(args: readonly string[], env: Record<string, string>, input = ''): ChildProcess {
  const child = spawn(process.execPath, [BIN, ...args], { env: cliEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdin?.end(input);
  return child;
}

/** Runs the built CLI to completion with an environment and stdin. */
export function runWith(
  args: readonly string[],
  options: { env?: Record<string, string>; input?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawnCli(args, options.env ?? {}, options.input ?? '');
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr?.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`deskwire ${args.join(' ')} did not finish\n${stderr}`));
    }, options.timeoutMs ?? 20_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}
