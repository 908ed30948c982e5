import { Readable } from 'node:stream';
import { addActivity } from '../core/add-activity.js';
import { addCustomField } from '../core/add-custom-field.js';
import { createTenant } from '../core/create-tenant.js';
import { createTicket } from '../core/create-ticket.js';
import type { CoreDeps } from '../core/deps.js';
import type { StoredFile } from '../core/domain.js';
import { updateKaptureSettings } from '../core/kapture/settings.js';
import { DEMO, DEMO_CONVERSATIONS, DEMO_FIELDS, DEMO_PNG } from './demo-content.js';

export interface DemoTenant {
  orgId: number;
  name: string;
  accessKey: string;
  secretKey: string;
  ticketNumber: number;
  /** False when the data set already had the demo tenant. */
  created: boolean;
}

/**
 * Seeds org 22824 "Education 101" with ticket #143, its lead, its agent and the two documented
 * conversations (the second with a PNG attachment). Idempotent: a seeded data set is left as is.
 */
export async function seedDemo(deps: CoreDeps): Promise<DemoTenant> {
  const result = {
    orgId: DEMO.orgId,
    name: DEMO.name,
    accessKey: DEMO.accessKey,
    secretKey: DEMO.secretKey,
    ticketNumber: DEMO.ticketNumber,
  };
  if (await deps.storage.tenants.get(DEMO.orgId)) return { ...result, created: false };

  const { admin } = await createTenant(
    {
      orgId: DEMO.orgId,
      name: DEMO.name,
      admin: { id: DEMO.adminId, name: 'Sri Sudhan R', email: 'sri.sudhan@example.com' },
      keyPair: { accessKey: DEMO.accessKey, secretKey: DEMO.secretKey },
    },
    deps,
  );
  // Kapture ids are the id bases plus the ticket number: these bases give #143 the documented ids.
  await updateKaptureSettings(
    {
      orgId: DEMO.orgId,
      patch: {
        ticketIdBase: Number(DEMO.kaptureTicketId) - DEMO.ticketNumber,
        taskIdBase: DEMO.kaptureTaskId - DEMO.ticketNumber,
      },
    },
    deps,
  );
  const now = deps.now();
  await deps.storage.users.create(
    { id: DEMO.agentId, orgId: DEMO.orgId, name: 'Vir K.D Singh', email: 'vir.singh@example.com', role: 'Agent' },
    now,
  );
  await deps.storage.leads.create(
    {
      id: DEMO.leadId,
      orgId: DEMO.orgId,
      email: 'wim@example.com',
      phone: null,
      firstName: 'Wim',
      lastName: null,
      attributes: {},
    },
    now,
  );
  await addCustomField(
    {
      orgId: DEMO.orgId,
      name: 'SRC_CS_2',
      displayName: 'Source',
      dataType: 'Select',
      options: ['Online', 'Offline', 'Walk-in'],
    },
    deps,
  );
  await createTicket(
    {
      orgId: DEMO.orgId,
      actor: admin,
      typeId: 1,
      lead: { id: DEMO.leadId },
      fields: DEMO_FIELDS,
      seed: { number: DEMO.ticketNumber, id: DEMO.ticketGuid, createdAt: new Date(DEMO.createdAt) },
    },
    deps,
  );
  for (const c of DEMO_CONVERSATIONS) {
    const files: StoredFile[] = [];
    if (c.attachment) {
      const stored = await deps.blobs.put(Readable.from([DEMO_PNG]));
      files.push({ fileName: 'Aadhaar.png', contentType: 'image/png', ...stored });
    }
    await addActivity(
      {
        orgId: DEMO.orgId,
        ticket: { number: DEMO.ticketNumber },
        type: 'InboundEmail',
        html: c.html,
        text: c.text,
        createdBy: DEMO.adminId,
        files,
        seed: { id: c.id, createdAt: new Date(c.createdAt) },
      },
      deps,
    );
  }
  return { ...result, created: true };
}
