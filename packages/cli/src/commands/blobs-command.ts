import { Command, Option } from 'commander';
import { withDeskwire } from '../data-dir.js';
import { duration } from '../duration.js';
import { printResult } from '../print-result.js';
import { loadServer } from '../server-module.js';

interface SweepOptions {
  dataDir?: string;
  olderThan: number;
  json?: boolean;
}

export function blobsCommand(): Command {
  const blobs = new Command('blobs').description('Maintain the attachment store (disk or S3)');
  blobs
    .command('sweep')
    .description('Delete attachment content no attachment refers to, and stale temporary uploads (what a crash leaves)')
    .option('--data-dir <dir>', 'data directory (default $DESKWIRE_DATA_DIR or ./.deskwire)')
    .addOption(
      new Option('--older-than <duration>', 'only content idle this long, e.g. 30m, 1h; 0 only while nothing uploads')
        .argParser(duration)
        .default(3_600_000, '1h'),
    )
    .option('--json', 'print {"scanned","deleted","kept","temporaryDeleted"}')
    .addHelpText(
      'after',
      '\nHonours DESKWIRE_DATABASE_URL and DESKWIRE_S3_* like the server. On S3 the bucket keeps content\n' +
        'reused in the last hour whatever --older-than says (another instance may be attaching it).\n' +
        '\nExamples:\n  deskwire blobs sweep --data-dir ./.deskwire\n  deskwire blobs sweep --older-than 0 --json\n',
    )
    .action(async (o: SweepOptions) => {
      const { sweepBlobs } = await loadServer();
      const result = await withDeskwire(o.dataDir, (d) =>
        sweepBlobs({ olderThan: new Date(d.now().getTime() - o.olderThan) }, d),
      );
      printResult(o.json, result, [
        `Scanned ${result.scanned} stored file(s): deleted ${result.deleted} unreferenced, kept ${result.kept}`,
        `Removed ${result.temporaryDeleted} stale temporary upload(s)`,
      ]);
    });
  return blobs;
}
