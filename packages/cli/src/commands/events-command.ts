import { setTimeout as sleep } from 'node:timers/promises';
import { Command } from 'commander';
import { withDeskwire } from '../data-dir.js';
import { positiveInt } from '../parse-options.js';

/** `deskwire events tail`: the tenant's event log, one JSON event per line (docs/webhooks.md). */
export function eventsCommand(): Command {
  const events = new Command('events').description("Read a tenant's event log");
  events
    .command('tail')
    .description('Print events after a sequence as JSON lines; with --follow, keep printing new ones')
    .requiredOption('--org-id <n>', 'numeric org id', positiveInt)
    .option('--after <sequence>', 'start after this sequence (default 0: from the first event)', (v) => {
      const n = Number(v);
      if (!Number.isSafeInteger(n) || n < 0) throw new Error(`'${v}' is not a sequence`);
      return n;
    })
    .option('--follow', 'keep reading (Ctrl-C to stop)')
    .option('--data-dir <dir>', 'data directory')
    .addHelpText('after', '\nExample:\n  deskwire events tail --org-id 22824 --after 120 --follow\n')
    .action(async (o: { orgId: number; after?: number; follow?: boolean; dataDir?: string }) => {
      let after = o.after ?? 0;
      let stopped = false;
      process.once('SIGINT', () => {
        stopped = true;
      });
      await withDeskwire(
        o.dataDir,
        async (d) => {
          do {
            const page = await d.storage.events.list(o.orgId, after, 500);
            for (const event of page) {
              process.stdout.write(`${JSON.stringify(event)}\n`);
              after = event.sequence;
            }
            if (page.length === 500) continue;
            if (o.follow) await sleep(1000);
          } while (o.follow && !stopped);
        },
        { orgId: o.orgId },
      );
    });
  return events;
}
