import { readFile } from 'node:fs/promises';

/** A process's CPU time so far, in µs, user and system apart (Linux /proc; clock ticks of 10 ms). */
export async function cpuTimes(pid: number): Promise<{ user: number; system: number }> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at index 2: utime is 14th, stime 15th overall.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const micros = (field: string | undefined) => (Number(field) * 1_000_000) / 100;
  return { user: micros(fields[11]), system: micros(fields[12]) };
}

/** User + system CPU time so far, in µs. */
export async function cpuMicros(pid: number): Promise<number> {
  const { user, system } = await cpuTimes(pid);
  return user + system;
}
