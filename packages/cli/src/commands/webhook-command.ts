import { EVENT_TYPES, type EventType } from '@deskwire/wire';
import { Command, InvalidArgumentError } from 'commander';
import { withDeskwire } from '../data-dir.js';
import { positiveInt } from '../parse-options.js';
import { printResult } from '../print-result.js';
import { loadServer } from '../server-module.js';

/** `--events ticket.created,note.added`: known event types only. */
function eventTypes(value: string): EventType[] {
  const types = value
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  for (const type of types) {
    if (!(EVENT_TYPES as readonly string[]).includes(type)) {
      throw new InvalidArgumentError(`'${type}' is not an event type (${EVENT_TYPES.join(', ')})`);
    }
  }
  return types as EventType[];
}

interface Common {
  orgId: number;
  dataDir?: string;
  json?: boolean;
}

/** `deskwire webhook add|list|remove|deliveries|redeliver` (docs/webhooks.md). */
export function webhookCommand(): Command {
  const webhook = new Command('webhook').description(
    'Manage webhook endpoints: signed deliveries of the event log (Standard Webhooks), their log and redelivery',
  );
  webhook
    .command('add')
    .description('Add an endpoint; prints its signing secret (whsec_…) this once')
    .requiredOption('--org-id <n>', 'numeric org id', positiveInt)
    .requiredOption('--url <url>', 'the receiver, http:// or https://')
    .option('--events <types>', `comma-separated event types (default all): ${EVENT_TYPES.join(', ')}`, eventTypes)
    .option('--description <text>', 'a note for people')
    .option('--data-dir <dir>', 'data directory')
    .option('--json', 'print {"webhook":{…},"secret":"whsec_…"}')
    .addHelpText(
      'after',
      '\nExample:\n  deskwire webhook add --org-id 22824 --url https://example.com/hooks --events ticket.created\n',
    )
    .action(async (o: Common & { url: string; events?: EventType[]; description?: string }) => {
      const { createWebhook, newWebhookSecret } = await loadServer();
      const secret = newWebhookSecret();
      const endpoint = await withDeskwire(
        o.dataDir,
        (d) =>
          createWebhook(
            {
              orgId: o.orgId,
              url: o.url,
              secret,
              ...(o.events && { events: o.events }),
              ...(o.description !== undefined && { description: o.description }),
            },
            d,
          ),
        { orgId: o.orgId },
      );
      printResult(o.json, { webhook: view(endpoint), secret }, [
        `Webhook ${endpoint.id} delivers ${endpoint.events.length === 0 ? 'every event' : endpoint.events.join(', ')} to ${endpoint.url}`,
        `Signing secret: ${secret}`,
        'The secret is shown once: receivers verify webhook-signature with it (Standard Webhooks).',
      ]);
    });
  webhook
    .command('list')
    .description("List a tenant's endpoints (never their secrets)")
    .requiredOption('--org-id <n>', 'numeric org id', positiveInt)
    .option('--data-dir <dir>', 'data directory')
    .option('--json', 'print {"webhooks":[…]}')
    .action(async (o: Common) => {
      const { listWebhooks } = await loadServer();
      const endpoints = await withDeskwire(o.dataDir, (d) => listWebhooks(o.orgId, d), { orgId: o.orgId });
      printResult(
        o.json,
        { webhooks: endpoints.map(view) },
        endpoints.length === 0
          ? ['No webhooks.']
          : endpoints.map(
              (e) =>
                `${e.id}  ${e.enabled ? 'enabled ' : 'DISABLED'}  ${e.url}  ${e.events.join(',') || '*'}${e.disabledReason ? `  (${e.disabledReason})` : ''}`,
            ),
      );
    });
  webhook
    .command('remove')
    .description('Remove an endpoint and its delivery log')
    .requiredOption('--org-id <n>', 'numeric org id', positiveInt)
    .requiredOption('--id <webhookId>', 'the endpoint')
    .option('--data-dir <dir>', 'data directory')
    .option('--json', 'print {"removed":true}')
    .action(async (o: Common & { id: string }) => {
      const { deleteWebhook } = await loadServer();
      await withDeskwire(o.dataDir, (d) => deleteWebhook({ orgId: o.orgId, id: o.id }, d), { orgId: o.orgId });
      printResult(o.json, { removed: true }, [`Webhook ${o.id} removed.`]);
    });
  webhook
    .command('deliveries')
    .description("An endpoint's delivery log, newest first: attempts, status, latency, response excerpt")
    .requiredOption('--org-id <n>', 'numeric org id', positiveInt)
    .requiredOption('--id <webhookId>', 'the endpoint')
    .option('--status <status>', 'pending, delivered or failed')
    .option('--limit <n>', 'most deliveries (default 100)', positiveInt)
    .option('--data-dir <dir>', 'data directory')
    .option('--json', 'print {"deliveries":[…]}')
    .action(async (o: Common & { id: string; status?: string; limit?: number }) => {
      if (o.status !== undefined && !['pending', 'delivered', 'failed'].includes(o.status)) {
        throw new InvalidArgumentError(`--status must be pending, delivered or failed, got '${o.status}'`);
      }
      const { listDeliveries } = await loadServer();
      const deliveries = await withDeskwire(
        o.dataDir,
        (d) =>
          listDeliveries(
            {
              orgId: o.orgId,
              id: o.id,
              ...(o.status !== undefined && { status: o.status as 'pending' | 'delivered' | 'failed' }),
              ...(o.limit !== undefined && { limit: o.limit }),
            },
            d,
          ),
        { orgId: o.orgId },
      );
      printResult(
        o.json,
        { deliveries },
        deliveries.map(
          (d) =>
            `${d.id}  #${d.sequence} ${d.eventType}  ${d.status}  attempts ${d.attempts}  ${d.responseStatus ?? '-'}  ${d.latencyMs ?? '-'} ms  ${d.responseExcerpt ?? ''}`,
        ),
      );
    });
  webhook
    .command('redeliver')
    .description('Queue events again with their original webhook-id: one delivery, or a range of sequences')
    .requiredOption('--org-id <n>', 'numeric org id', positiveInt)
    .requiredOption('--id <webhookId>', 'the endpoint')
    .option('--delivery <deliveryId>', 'the delivery to repeat')
    .option('--from <sequence>', 'first event sequence of the range', positiveInt)
    .option('--to <sequence>', 'last event sequence of the range (default: the latest)', positiveInt)
    .option('--data-dir <dir>', 'data directory')
    .option('--json', 'print {"queued":n}')
    .action(async (o: Common & { id: string; delivery?: string; from?: number; to?: number }) => {
      const { redeliver } = await loadServer();
      const queued = await withDeskwire(
        o.dataDir,
        (d) =>
          redeliver(
            {
              orgId: o.orgId,
              id: o.id,
              ...(o.delivery !== undefined && { deliveryId: o.delivery }),
              ...(o.from !== undefined && { fromSequence: o.from }),
              ...(o.to !== undefined && { toSequence: o.to }),
            },
            d,
          ),
        { orgId: o.orgId },
      );
      printResult(o.json, { queued }, [`${queued} deliveries queued.`]);
    });
  return webhook;
}

function view(e: {
  id: string;
  url: string;
  events: string[];
  description: string;
  enabled: boolean;
  disabledReason: string | null;
  createdAt: Date;
}) {
  return {
    id: e.id,
    url: e.url,
    events: e.events,
    description: e.description,
    enabled: e.enabled,
    disabledReason: e.disabledReason,
    createdAt: e.createdAt.toISOString(),
  };
}
