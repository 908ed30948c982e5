// Child process for review-fixes.test.ts: creates tickets on a data dir shared with the parent process.
import { createTicket, openDeskwire } from '@deskwire/server';

const [dataDir, count] = process.argv.slice(2);
const deskwire = await openDeskwire({ dataDir: dataDir ?? '' });
const admin = await deskwire.storage.users.get(22824, 'a443f7b7-d1fd-11ec-993a-06f221480cd8');
if (!admin) throw new Error('demo admin missing');
let failed = 0;
for (let i = 0; i < Number(count); i++) {
  try {
    await createTicket(
      {
        orgId: 22824,
        actor: admin,
        typeId: 1,
        lead: { id: '330fba67-6795-46c2-9dad-077794077f70' },
        fields: [{ schemaName: 'Title', value: `child ${i}` }],
      },
      deskwire,
    );
  } catch (error) {
    failed++;
    console.error(String(error));
  }
}
await deskwire.close();
console.log(JSON.stringify({ failed }));
