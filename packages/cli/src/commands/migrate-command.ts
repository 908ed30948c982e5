import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { asSchemaError, storageLocation } from '../data-dir.js';
import { loadServer } from '../server-module.js';

interface MigrateOptions {
  dataDir?: string;
  database?: string;
  status?: boolean;
  json?: boolean;
}

export function migrateCommand(): Command {
  return new Command('migrate')
    .description('Apply pending database migrations (what `serve` requires before it starts)')
    .option('--data-dir <dir>', 'data directory holding the SQLite store (default $DESKWIRE_DATA_DIR or ./.deskwire)')
    .option('--database <url>', 'PostgreSQL URL postgres://… instead of SQLite (or $DESKWIRE_DATABASE_URL)')
    .option('--status', 'only report applied, pending and unknown (newer) migrations; change nothing')
    .option('--json', 'print {"applied","pending","unknown"} (with --status) or {"applied"} as JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  deskwire migrate --data-dir ./.deskwire\n  deskwire migrate --database postgres://deskwire@db:5432/deskwire --status\n',
    )
    .action(async (options: MigrateOptions) => {
      const { SqliteAdapter, Storage, storageAdapterFor } = await loadServer();
      const location = storageLocation(options.dataDir, options.database);
      const sqliteFile = join(resolve(location.dataDir), 'deskwire.db');
      // --status changes nothing: a SQLite store that does not exist yet is reported as an empty one,
      // read from memory, rather than created (with its directory) just to be looked at.
      const absent = location.databaseUrl === undefined && options.status === true && !existsSync(sqliteFile);
      if (location.databaseUrl === undefined && !absent) {
        await mkdir(location.dataDir, { recursive: true, mode: 0o700 });
      }
      const adapter = absent ? new SqliteAdapter({ filename: ':memory:' }) : storageAdapterFor(location);
      const storage = await Storage.open(adapter, { migrations: 'none' });
      try {
        if (options.status) {
          const status = await storage.schemaStatus();
          if (options.json) {
            process.stdout.write(`${JSON.stringify(status)}\n`);
            return;
          }
          const line = (label: string, names: string[]) =>
            `${label}: ${names.length === 0 ? '(none)' : names.join(', ')}\n`;
          process.stdout.write(
            line('applied', status.applied) + line('pending', status.pending) + line('unknown', status.unknown),
          );
          if (status.unknown.length > 0) {
            process.stdout.write('this database was migrated by a newer Deskwire; upgrade Deskwire\n');
          } else if (status.pending.length > 0) {
            process.stdout.write('run `deskwire migrate` (without --status) to apply the pending migrations\n');
          }
          return;
        }
        const applied = await storage.migrate().catch((error: unknown) => {
          throw asSchemaError(error);
        });
        if (options.json) process.stdout.write(`${JSON.stringify({ applied })}\n`);
        else if (applied.length === 0) process.stdout.write('the schema is current; nothing to apply\n');
        else process.stdout.write(applied.map((name) => `applied ${name}\n`).join(''));
      } finally {
        await storage.close();
      }
    });
}
