import { type ChildProcess, spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';

/** A child process that serves HTTP and announced its base URL. */
export interface ServerChild {
  url: string;
  pid: number;
  /** The child's resident set now and its peak so far, in bytes (from /proc/<pid>/status). */
  memory(): Promise<{ rss: number; hwm: number }>;
  stop(): Promise<void>;
}

/**
 * Spawns `command args` and waits until it is ready: a line of its output matches `ready` (whose
 * first group is the base URL), or, for a child that announces nothing, `ready.url` answers HTTP.
 * Output is kept only for the error message if the child dies before it is ready.
 */
export async function startChild(
  command: string,
  args: readonly string[],
  ready: RegExp | { url: string; probe: string },
  env: NodeJS.ProcessEnv = process.env,
): Promise<ServerChild> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = ready instanceof RegExp ? ready.exec(output) : null;
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${command} exited (${code}) before it was ready:\n${output}`)));
    child.once('error', reject);
    if (!(ready instanceof RegExp)) {
      const poll = () => {
        if (child.exitCode !== null) return;
        fetch(ready.url + ready.probe).then(
          () => resolve(ready.url),
          () => setTimeout(poll, 200),
        );
      };
      poll();
    }
  });
  // Keep draining its pipes so a chatty child never blocks on a full pipe.
  child.stdout?.resume();
  child.stderr?.resume();
  const pid = child.pid;
  if (pid === undefined) throw new Error(`${command} has no pid`);
  return { url, pid, memory: () => memoryOf(pid), stop: () => stop(child) };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** A port nothing listens on right now, for children that must be told theirs. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** VmRSS and VmHWM (the peak resident set since the process started), Linux only. */
export async function memoryOf(pid: number): Promise<{ rss: number; hwm: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: kib('VmRSS') * 1024, hwm: kib('VmHWM') * 1024 };
}
