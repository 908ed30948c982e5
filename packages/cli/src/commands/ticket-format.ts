import type { Conversation, FieldValue, Ticket } from '@deskwire/client';
import { InvalidArgumentError } from 'commander';

/** Output switches of the vendor commands. */
export interface OutputFlags {
  json?: boolean;
  jsonl?: boolean;
}

/** `--json`: one document; `--jsonl`: one line per item; otherwise the readable text. */
export function printItems<T>(o: OutputFlags, items: readonly T[], readable: (items: readonly T[]) => string): void {
  if (o.jsonl) process.stdout.write(items.map((item) => `${JSON.stringify(item)}\n`).join(''));
  else if (o.json) process.stdout.write(`${JSON.stringify(items)}\n`);
  else process.stdout.write(readable(items));
}

const date = (d: Date | null) => (d ? d.toISOString() : '-');

/** A ticket as aligned `label  value` rows. */
export function ticketText(t: Ticket): string {
  const rows: [string, string][] = [
    ['Ticket', `${t.key ?? t.id}${t.key ? ` (${t.id})` : ''}`],
    ['Title', t.title],
    ['Status', `${t.status}${t.rawStatus ? ` (${t.rawStatus}${t.rawSubStatus ? ` / ${t.rawSubStatus}` : ''})` : ''}`],
    ['Priority', t.priority ?? '-'],
    ['Category', t.category ?? '-'],
    ['Requester', contact(t.requester)],
    ['Assignee', contact(t.assignee)],
    ['Created', date(t.createdAt)],
    ['Updated', date(t.updatedAt)],
    ['Due', date(t.dueAt)],
  ];
  if (t.tags.length > 0) rows.push(['Tags', t.tags.join(', ')]);
  for (const [name, value] of Object.entries(t.customFields)) rows.push([name, String(value ?? '-')]);
  if (t.description) rows.push(['Description', t.description]);
  const width = Math.max(...rows.map(([label]) => label.length));
  return `${rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n')}\n`;
}

function contact(c: { name: string | null; email: string | null; id: string | null } | null): string {
  if (!c) return '-';
  return [c.name, c.email && `<${c.email}>`].filter(Boolean).join(' ') || (c.id ?? '-');
}

/** A conversation thread, oldest first. */
export function threadText(conversations: readonly Conversation[]): string {
  if (conversations.length === 0) return 'No conversations\n';
  return conversations
    .map((c) => {
      const head = `── ${c.kind}${c.isPrivate ? ' (private)' : ''}  ${date(c.createdAt)}  ${c.author.name ?? c.author.id ?? ''}`;
      const body = (c.body.text ?? c.body.html ?? '').trim();
      const files = c.attachments.map((a) => `  📎 ${a.fileName}${a.size !== null ? ` (${a.size} bytes)` : ''}`);
      return [head.trimEnd(), ...(body ? [body] : []), ...files].join('\n');
    })
    .join('\n\n')
    .concat('\n');
}

/** `--field Name=Value` (repeatable). */
export function fieldPair(value: string, previous: Record<string, FieldValue> = {}): Record<string, FieldValue> {
  const at = value.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`'${value}' is not NAME=VALUE`);
  return { ...previous, [value.slice(0, at)]: value.slice(at + 1) };
}
