import { Command } from 'commander';
import { withDeskwire } from '../data-dir.js';
import { positiveInt } from '../parse-options.js';
import { printResult } from '../print-result.js';
import { loadServer } from '../server-module.js';

export function lookupsCommand(): Command {
  const lookups = new Command('lookups').description(
    "Set a tenant's lookup values (Status, Priority, Channel, Type, SubType, …)",
  );
  lookups
    .command('set')
    .description('Replace every value of one lookup')
    .argument('<SchemaName>', 'the lookup, e.g. Status or CustomData.SRC_CS_2')
    .argument('<values...>', 'the values, in display order')
    .requiredOption('--org-id <n>', 'numeric org id', positiveInt)
    .option('--data-dir <dir>', 'data directory')
    .option('--json', 'print the values as JSON')
    .addHelpText('after', '\nExample:\n  deskwire lookups set Status Open "On Hold" Resolved Closed --org-id 1001\n')
    .action(async (schemaName: string, values: string[], o: { orgId: number; dataDir?: string; json?: boolean }) => {
      const { setLookupValues } = await loadServer();
      const set = await withDeskwire(o.dataDir, (d) => setLookupValues({ orgId: o.orgId, schemaName, values }, d), {
        orgId: o.orgId,
      });
      printResult(o.json, set, [`${schemaName}: ${set.map((v) => v.value).join(', ')}`]);
    });
  return lookups;
}
