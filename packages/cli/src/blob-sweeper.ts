import type { Deskwire, SweepBlobsResult } from '@deskwire/server';
import { loadServer } from './server-module.js';

/** The few logger methods the sweeper needs (the server's pino logger has them). */
export interface SweepLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
}

export interface BlobSweeperOptions {
  /** Only content and temporary uploads idle this long may go; must exceed the longest upload request. */
  graceMs: number;
  /** Time between sweeps; 0 disables sweeping. */
  intervalMs: number;
  /** Time from start to the first sweep, so it does not compete with start-up. */
  firstDelayMs: number;
  log: SweepLogger;
}

export interface BlobSweeper {
  /** Cancels the next sweep and waits for a running one, so the store can then close under it. */
  stop(): Promise<void>;
}

/**
 * `deskwire serve`'s orphan sweep (core `sweepBlobs`): once shortly after start, then every interval, one at a
 * time. The timer is `unref`ed (it never keeps the process alive), and a failed sweep is logged at warn and
 * retried at the next interval: garbage collection must never take the server down.
 */
export function startBlobSweeper(deskwire: Deskwire, options: BlobSweeperOptions): BlobSweeper {
  if (options.intervalMs <= 0) return { stop: async () => {} };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const schedule = (delayMs: number) => {
    timer = setTimeout(() => {
      running = sweepOnce(deskwire, options).finally(() => {
        if (!stopped) schedule(options.intervalMs);
      });
    }, delayMs);
    timer.unref();
  };
  schedule(options.firstDelayMs);
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

async function sweepOnce(deskwire: Deskwire, options: BlobSweeperOptions): Promise<void> {
  try {
    const { sweepBlobs } = await loadServer();
    const result: SweepBlobsResult = await sweepBlobs(
      { olderThan: new Date(deskwire.now().getTime() - options.graceMs) },
      deskwire,
    );
    if (result.deleted > 0 || result.temporaryDeleted > 0) options.log.info({ blobSweep: result }, 'blob sweep');
  } catch (error) {
    options.log.warn({ err: error }, 'blob sweep failed; retrying at the next interval');
  }
}
