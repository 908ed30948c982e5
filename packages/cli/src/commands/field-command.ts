import type { FieldDataType } from '@deskwire/server';
import { Command, Option } from 'commander';
import { withDeskwire } from '../data-dir.js';
import { positiveInt } from '../parse-options.js';
import { printResult } from '../print-result.js';
import { loadServer } from '../server-module.js';

export function fieldCommand(): Command {
  const field = new Command('field').description('Define custom ticket fields (CustomData.*)');
  field
    .command('add')
    .description('Add or redefine a CustomData.* field')
    .requiredOption('--org-id <n>', 'numeric org id', positiveInt)
    .requiredOption('--name <name>', 'field name without the CustomData. prefix')
    .addOption(
      new Option('--type <type>', 'data type')
        .choices(['Text', 'TextArea', 'Number', 'DateTime', 'Select', 'Boolean'])
        .default('Text'),
    )
    .option('--display-name <name>', 'label shown to agents')
    .option('--options <values>', 'comma-separated values of a Select field')
    .option('--mandatory', 'creates must set it')
    .option('--data-dir <dir>', 'data directory')
    .option('--json', 'print the field as JSON')
    .addHelpText(
      'after',
      '\nExample:\n  deskwire field add --org-id 1001 --name SRC_CS_2 --type Select --options Online,Offline --mandatory\n',
    )
    .action(
      async (o: {
        orgId: number;
        name: string;
        type: FieldDataType;
        displayName?: string;
        options?: string;
        mandatory?: boolean;
        dataDir?: string;
        json?: boolean;
      }) => {
        const { addCustomField } = await loadServer();
        const added = await withDeskwire(
          o.dataDir,
          (d) =>
            addCustomField(
              {
                orgId: o.orgId,
                name: o.name,
                dataType: o.type,
                mandatory: o.mandatory ?? false,
                ...(o.displayName && { displayName: o.displayName }),
                ...(o.options && { options: o.options.split(',').map((v) => v.trim()) }),
              },
              d,
            ),
          { orgId: o.orgId },
        );
        printResult(o.json, added, [
          `${added.schemaName} (${added.dataType}${added.isMandatory ? ', mandatory' : ''})`,
        ]);
      },
    );
  return field;
}
