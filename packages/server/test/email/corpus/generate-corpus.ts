/**
 * Writes the threading corpus: one realistic `.eml` per row of corpus-cases.ts (built with
 * nodemailer's MailComposer, in the style of the client named), and README.md, the table of every
 * file with what it tests and where it must land. Run from the repository root after a build:
 *
 *   node --import tsx packages/server/test/email/corpus/generate-corpus.ts
 *
 * Our own replies are not in the corpus (Deskwire writes those); the customers' answers reference
 * them by their signed Message-IDs, signed here with CORPUS_SIGNING_KEY, the key corpus.test.ts
 * gives the server. Ticket numbers follow from the delivery order: the demo tenant holds #143, so
 * the first new ticket is #144.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { MessageIdSigner } from '@deskwire/server';
import MailComposer from 'nodemailer/lib/mail-composer';
import { type ClientStyle, CONVERSATIONS, type Conversation, type Step } from './corpus-cases.js';

export const CORPUS_SIGNING_KEY = createHash('sha256').update('deskwire threading corpus').digest('hex');
const ORG = 22824;
const SUPPORT = 'support@edu101.example';
const SUPPORT_NAME = 'Education 101 Support';
const FIRST_NUMBER = 144;
const dir = new URL('./', import.meta.url);

const signer = new MessageIdSigner(Buffer.from(CORPUS_SIGNING_KEY, 'hex'));

/** Deterministic pseudo-random text for ids, so the same row gets the same Message-ID shape. */
function rand(seed: string, length: number, alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'): string {
  let out = '';
  let block = createHash('sha256').update(seed).digest();
  while (out.length < length) {
    for (const byte of block) if (out.length < length) out += alphabet[byte % alphabet.length];
    block = createHash('sha256').update(block).digest();
  }
  return out;
}

function messageId(client: ClientStyle, seed: string, address: string): string {
  const domain = address.split('@')[1] ?? 'example.com';
  switch (client) {
    case 'gmail':
    case 'android':
      return `CA${rand(seed, 38, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+=_-')}@mail.gmail.com`;
    case 'outlook':
      return `PN3P287MB${rand(seed, 4)}${rand(`${seed}x`, 20)}@PN3P287MB${rand(seed, 4)}.INDP287.PROD.OUTLOOK.COM`;
    case 'outlook-web':
      return `AM9PR07MB${rand(seed, 4)}${rand(`${seed}y`, 20)}@AM9PR07MB${rand(seed, 4)}.eurprd07.prod.outlook.com`;
    case 'apple':
    case 'iphone': {
      const h = rand(seed, 32, '0123456789ABCDEF');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}@${domain}`;
    }
    case 'thunderbird': {
      const h = rand(seed, 32, '0123456789abcdef');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}@${domain}`;
    }
    case 'yahoo':
      return `${rand(seed, 9, '0123456789')}.${rand(`${seed}a`, 7, '0123456789')}.${rand(`${seed}b`, 13, '0123456789')}@mail.yahoo.com`;
  }
}

/** Client-specific headers (what each really adds). */
function clientHeaders(client: ClientStyle, subject: string, seed: string): Record<string, string> {
  switch (client) {
    case 'outlook':
    case 'outlook-web':
      return {
        'Thread-Topic': subject.replace(/^(RE|Re|FW|Fwd):\s*/g, ''),
        'Thread-Index': `AQHa${rand(seed, 24, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}==`,
        'Accept-Language': 'en-US',
        'Content-Language': 'en-US',
        'X-MS-Has-Attach': '',
        'X-MS-TNEF-Correlator': '',
        ...(client === 'outlook-web' && { 'X-MS-Exchange-Organization-SCL': '1' }),
      };
    case 'apple':
      return { 'X-Mailer': 'Apple Mail (2.3774.600.62)' };
    case 'iphone':
      return { 'X-Mailer': 'iPhone Mail (21G93)' };
    case 'thunderbird':
      return { 'User-Agent': 'Mozilla Thunderbird', 'Content-Language': 'en-US' };
    case 'yahoo':
      return { 'X-Mailer': 'WebService/1.1.22645 YMailNorrin' };
    case 'android':
      return {};
    case 'gmail':
      return {};
  }
}

function replyPrefix(client: ClientStyle): string {
  return client === 'outlook' || client === 'outlook-web' ? 'RE: ' : 'Re: ';
}

/** The quoted chain as each client writes it (the raw Html keeps it; threading must not depend on it). */
function quoted(
  client: ClientStyle,
  ours: string,
  date: Date,
  token: string,
  subject: string,
): { text: string; html: string } {
  const when = date.toUTCString();
  const q = ours
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
  switch (client) {
    case 'outlook':
    case 'outlook-web': {
      const head = `From: ${SUPPORT_NAME} <${SUPPORT}>\nSent: ${when}\nSubject: Re: ${token} ${subject}`;
      return {
        text: `\n________________________________\n${head}\n\n${ours}`,
        html: `<div id="appendonsend"></div><hr style="display:inline-block;width:98%"><div id="divRplyFwdMsg" dir="ltr"><b>From:</b> ${SUPPORT_NAME} &lt;${SUPPORT}&gt;<br><b>Sent:</b> ${when}<br><b>Subject:</b> Re: ${token} ${subject}</div><div>${ours.replace(/\n/g, '<br>')}</div>`,
      };
    }
    case 'apple':
    case 'iphone':
      return {
        text: `\n> On ${when}, ${SUPPORT_NAME} <${SUPPORT}> wrote:\n> \n${q}`,
        html: `<div><br><blockquote type="cite"><div>On ${when}, ${SUPPORT_NAME} &lt;${SUPPORT}&gt; wrote:</div><div>${ours.replace(/\n/g, '<br>')}</div></blockquote></div>`,
      };
    case 'thunderbird':
      return {
        text: `\nOn ${when}, ${SUPPORT_NAME} wrote:\n${q}`,
        html: `<div class="moz-cite-prefix">On ${when}, ${SUPPORT_NAME} wrote:<br></div><blockquote type="cite">${ours.replace(/\n/g, '<br>')}</blockquote>`,
      };
    case 'yahoo':
      return {
        text: `\n\nOn ${when}, ${SUPPORT_NAME} <${SUPPORT}> wrote:\n\n${q}`,
        html: `<div id="yahoo_quoted" class="yahoo_quoted"><div>On ${when}, ${SUPPORT_NAME} &lt;${SUPPORT}&gt; wrote:</div><div>${ours.replace(/\n/g, '<br>')}</div></div>`,
      };
    default:
      return {
        text: `\n\nOn ${when}, ${SUPPORT_NAME} <${SUPPORT}> wrote:\n\n${q}`,
        html: `<div class="gmail_quote"><div dir="ltr" class="gmail_attr">On ${when}, ${SUPPORT_NAME} &lt;${SUPPORT}&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">${ours.replace(/\n/g, '<br>')}</blockquote></div>`,
      };
  }
}

function signature(client: ClientStyle, name: string): string {
  if (client === 'iphone') return '\n\nSent from my iPhone';
  if (client === 'android') return `\n\n${name}\nSent from my Android`;
  return `\n\nThanks,\n${name}`;
}

/** A tiny but valid PNG (1x1), and a short PDF: real file types, small files. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

export interface Row {
  seq: number;
  file: string;
  conversation: string;
  client: ClientStyle;
  step: Step | 'first';
  /** `C07` (the conversation's ticket), `new` (a ticket of its own), or `none` (no ticket). */
  expected: string;
  /** Whether it carries our Message-ID or our `[#N]` token: the "replies to our own mail" of the issue. */
  replyToOurs: boolean;
}

const WHAT: Record<Row['step'], string> = {
  first: 'first message: opens a ticket',
  reply: 'reply to our reply, In-Reply-To and References',
  'reply-irt-only': 'reply to our reply, In-Reply-To only',
  'reply-refs-only': 'reply to our reply, References only',
  'reply-token-only': 'reply without threading headers, [#N] kept (requester)',
  'reply-to-own': 'customer answers their own first message (stored id)',
  reordered: 'delivered before the message it references',
  'cc-token': 'Cc participant writes with only [#N]',
  'forward-new': 'forwards an unrelated mail: new ticket',
  forged: 'stranger sends [#N]: never attaches to #N',
  ooo: 'out-of-office auto-reply (RFC 3834): no ticket',
  bounce: 'DSN for our reply: no ticket, reply marked failed',
  list: 'mailing-list mail (Precedence: list): no ticket',
  'lost-headers': 'client dropped headers and token: unthreadable (a miss)',
};

async function main(): Promise<void> {
  const eml = new URL('eml/', dir);
  await mkdir(eml, { recursive: true });
  for (const name of await readdir(eml)) if (name.endsWith('.eml')) await rm(new URL(name, eml));

  const rows: Row[] = [];
  let seq = 0;
  let nextNumber = FIRST_NUMBER;
  const state = CONVERSATIONS.map(() => ({
    number: 0,
    first: '',
    ids: [] as string[],
    ours: [] as string[],
    replies: 0,
  }));
  let clock = Date.UTC(2024, 8, 2, 8, 0, 0);
  const maxSteps = Math.max(...CONVERSATIONS.map((c) => c.steps.length));
  // Round by round: every conversation's first message, then every conversation's next step, …
  // (interleaved, as a real desk receives them).
  const reorderedPending = new Map<number, string>();
  for (let round = -1; round < maxSteps; round++) {
    for (const [i, c] of CONVERSATIONS.entries()) {
      const step: Row['step'] | undefined = round < 0 ? 'first' : c.steps[round];
      if (step === undefined) continue;
      seq += 1;
      clock += 7 * 60_000;
      const s = state[i] as (typeof state)[number];
      const label = `C${String(i + 1).padStart(2, '0')}`;
      const seed = `${label}-${seq}`;
      // Our reply between two customer messages (not in the corpus; Deskwire writes it).
      if (step !== 'first' && s.ours.length <= round) s.ours.push(signer.create(ORG, s.number, 'edu101.example'));
      const ours = s.ours.at(-1) ?? '';
      const token = `[#${s.number}]`;
      let expected: string = label;
      let replyToOurs = false;
      let built: Buffer;
      switch (step) {
        case 'first': {
          s.number = nextNumber++;
          const id = messageId(c.client, seed, c.address);
          s.first = id;
          s.ids.push(id);
          expected = `new:${label}`;
          built = await firstMessage(c, id, new Date(clock), seed);
          break;
        }
        case 'reply':
        case 'reply-irt-only':
        case 'reply-refs-only':
        case 'reply-token-only':
        case 'reordered': {
          replyToOurs = true;
          const id = reorderedPending.get(i) ?? messageId(c.client, seed, c.address);
          reorderedPending.delete(i);
          let refs = [...s.ids, ours];
          if (step === 'reordered') {
            // References a reply of the customer's that the desk has not received yet.
            const later = messageId(c.client, `${seed}-later`, c.address);
            reorderedPending.set(i, later);
            refs = [...s.ids, ours, later];
          }
          s.ids.push(id);
          built = await replyMessage(c, {
            id,
            date: new Date(clock),
            subject: `${replyPrefix(c.client)}${token} ${c.subject}`,
            inReplyTo:
              step === 'reply-refs-only' || step === 'reply-token-only'
                ? undefined
                : step === 'reordered'
                  ? refs.at(-1)
                  : ours,
            references: step === 'reply-irt-only' || step === 'reply-token-only' ? [] : refs,
            body: replyBody(step, s.replies++),
            attach: step === 'reply' && i % 3 === 0 && s.replies === 1,
            seed,
            token,
          });
          break;
        }
        case 'reply-to-own': {
          const id = messageId(c.client, seed, c.address);
          built = await replyMessage(c, {
            id,
            date: new Date(clock),
            subject: `${replyPrefix(c.client)}${c.subject}`,
            inReplyTo: s.first,
            references: [s.first],
            body: 'Adding one more detail to my first mail: it also happens on my laptop.',
            attach: false,
            seed,
            token: '',
          });
          s.ids.push(id);
          break;
        }
        case 'cc-token': {
          const cc = c.cc ?? `colleague@${c.address.split('@')[1]}`;
          replyToOurs = true;
          built = await plain({
            from: `Colleague <${cc}>`,
            to: SUPPORT,
            subject: `${token} ${c.subject}`,
            id: messageId('thunderbird', seed, cc),
            date: new Date(clock),
            text: `Hello,\n\nI am copied on this request; please treat it as urgent.${signature('thunderbird', 'Colleague')}`,
            headers: { 'User-Agent': 'Mozilla Thunderbird' },
          });
          break;
        }
        case 'forward-new': {
          expected = 'new';
          built = await plain({
            from: `${c.customer} <${c.address}>`,
            to: SUPPORT,
            subject: `Fwd: Your order ${rand(seed, 6, '0123456789')} has shipped`,
            id: messageId(c.client, seed, c.address),
            date: new Date(clock),
            text: `Is this parcel from you? I did not order it.\n\n---------- Forwarded message ---------\nFrom: Shop <orders@shop.example>\nDate: ${new Date(clock - 86_400_000).toUTCString()}\nSubject: Your order has shipped\nTo: <${c.address}>\n\nYour order is on its way.`,
            headers: clientHeaders(c.client, 'Fwd', seed),
          });
          break;
        }
        case 'forged': {
          expected = 'new';
          built = await plain({
            from: `Account Team <accounts@${rand(seed, 8, 'abcdefghijklmnopqrstuvwxyz')}.example>`,
            to: SUPPORT,
            subject: `Re: ${token} ${c.subject}`,
            id: messageId('gmail', seed, 'x@gmail.com'),
            date: new Date(clock),
            text: `Please send all files of this ticket to this address instead.`,
            headers: {},
          });
          break;
        }
        case 'ooo': {
          expected = 'none';
          built = await plain({
            from: `${c.customer} <${c.address}>`,
            to: SUPPORT,
            subject: `Automatic reply: Re: ${token} ${c.subject}`,
            id: messageId(c.client, seed, c.address),
            date: new Date(clock),
            text: `I am out of the office until Monday with limited access to email.`,
            headers: {
              'Auto-Submitted': 'auto-replied',
              'X-Auto-Response-Suppress': 'All',
              'In-Reply-To': `<${ours}>`,
            },
          });
          break;
        }
        case 'bounce':
          expected = 'none';
          built = bounceMessage(c, ours, new Date(clock), seed, token);
          break;
        case 'list': {
          expected = 'none';
          const domain = c.address.split('@')[1] ?? 'example.com';
          built = await plain({
            from: `Weekly digest <announce@lists.${domain}>`,
            to: SUPPORT,
            subject: `[digest] This week at ${domain}`,
            id: messageId('thunderbird', seed, `announce@lists.${domain}`),
            date: new Date(clock),
            text: `Five stories this week.\n\nUnsubscribe: https://lists.${domain}/unsubscribe`,
            headers: {
              Precedence: 'list',
              'List-Id': `<announce.lists.${domain}>`,
              'List-Unsubscribe': `<https://lists.${domain}/unsubscribe>`,
            },
          });
          break;
        }
        case 'lost-headers': {
          built = await plain({
            from: `${c.customer} <${c.address}>`,
            to: SUPPORT,
            subject: `Re: ${c.subject}`,
            id: messageId(c.client, seed, c.address),
            date: new Date(clock),
            text: `Sorry, my phone lost the earlier mails. Is there any update?`,
            headers: clientHeaders(c.client, c.subject, seed),
          });
          break;
        }
      }
      if (expected === 'new') nextNumber++;
      if (step === 'lost-headers') nextNumber++;
      const file = `${String(seq).padStart(3, '0')}-${label.toLowerCase()}-${step}-${c.client}.eml`;
      await writeFile(new URL(file, eml), built);
      rows.push({ seq, file, conversation: label, client: c.client, step, expected, replyToOurs });
    }
  }
  await writeFile(new URL('README.md', dir), readme(rows));
  process.stdout.write(`wrote ${rows.length} messages\n`);
}

function replyBody(step: Step, n: number): string {
  const lines = [
    'Thanks for the quick answer. I tried that, but it still does not work.',
    'That fixed it, thank you! One more question: can I get a copy of the invoice?',
    'I have attached a screenshot of the error for reference.',
    'Any update on this? It has been two days.',
  ];
  if (step === 'reordered') return 'Please ignore my previous mail, I found the reference number.';
  return lines[n % lines.length] ?? '';
}

async function firstMessage(c: Conversation, id: string, date: Date, seed: string): Promise<Buffer> {
  const text = `Hello,\n\n${c.subject}. Could you please help me with this?${signature(c.client, c.customer.split(' ')[0] ?? '')}`;
  const html = `<div dir="ltr">Hello,<br><br>${escapeHtml(c.subject)}. Could you please help me with this?<br><br>Thanks,<br>${escapeHtml(c.customer.split(' ')[0] ?? '')}</div>`;
  const composer = new MailComposer({
    from: `${c.customer} <${c.address}>`,
    to: `${SUPPORT_NAME} <${SUPPORT}>`,
    ...(c.cc && { cc: c.cc }),
    subject: c.subject,
    messageId: `<${id}>`,
    date,
    headers: clientHeaders(c.client, c.subject, seed),
    ...(c.body !== 'html-only' && c.body !== 'inline-image' && { text }),
    ...(c.body !== 'plain' && {
      html: c.body === 'inline-image' ? `${html}<div><img src="cid:screenshot@${seed}" alt="screenshot"></div>` : html,
    }),
    attachments:
      c.body === 'attachment'
        ? [{ filename: 'invoice.pdf', content: PDF, contentType: 'application/pdf' }]
        : c.body === 'two-attachments'
          ? [
              { filename: 'contract.pdf', content: PDF, contentType: 'application/pdf' },
              { filename: 'id-card.png', content: PNG, contentType: 'image/png' },
            ]
          : c.body === 'inline-image'
            ? [{ filename: 'image001.png', content: PNG, contentType: 'image/png', cid: `screenshot@${seed}` }]
            : [],
  });
  return composer.compile().build();
}

async function replyMessage(
  c: Conversation,
  m: {
    id: string;
    date: Date;
    subject: string;
    inReplyTo: string | undefined;
    references: string[];
    body: string;
    attach: boolean;
    seed: string;
    token: string;
  },
): Promise<Buffer> {
  const ourText = `Hello ${c.customer.split(' ')[0]},\n\nWe are looking into it and will get back to you shortly.\n\nSupport Team, Education 101`;
  const q = quoted(c.client, ourText, new Date(m.date.getTime() - 3_600_000), m.token, c.subject);
  const name = c.customer.split(' ')[0] ?? '';
  const text = `${m.body}${signature(c.client, name)}${q.text}`;
  const withHtml = c.client !== 'thunderbird' && c.client !== 'iphone';
  const composer = new MailComposer({
    from: `${c.customer} <${c.address}>`,
    to: `${SUPPORT_NAME} <${SUPPORT}>`,
    subject: m.subject,
    messageId: `<${m.id}>`,
    date: m.date,
    ...(m.inReplyTo && { inReplyTo: `<${m.inReplyTo}>` }),
    ...(m.references.length > 0 && { references: m.references.map((r) => `<${r}>`) }),
    headers: clientHeaders(c.client, m.subject, m.seed),
    text,
    ...(withHtml && { html: `<div dir="ltr">${escapeHtml(m.body)}<br><br>${escapeHtml(name)}</div><br>${q.html}` }),
    attachments: m.attach ? [{ filename: 'screenshot.png', content: PNG, contentType: 'image/png' }] : [],
  });
  return composer.compile().build();
}

async function plain(m: {
  from: string;
  to: string;
  subject: string;
  id: string;
  date: Date;
  text: string;
  headers: Record<string, string>;
}): Promise<Buffer> {
  const { 'In-Reply-To': inReplyTo, ...headers } = m.headers;
  const composer = new MailComposer({
    from: m.from,
    to: m.to,
    subject: m.subject,
    messageId: `<${m.id}>`,
    date: m.date,
    ...(inReplyTo && { inReplyTo }),
    headers,
    text: m.text,
  });
  return composer.compile().build();
}

/** An RFC 3464 delivery status notification, as Postfix writes one, quoting our reply's headers. */
function bounceMessage(c: Conversation, ours: string, date: Date, seed: string, token: string): Buffer {
  const domain = c.address.split('@')[1] ?? 'example.com';
  const boundary = `${rand(seed, 12, '0123456789ABCDEF')}.${Math.floor(date.getTime() / 1000)}/mx.${domain}`;
  return Buffer.from(
    [
      `From: MAILER-DAEMON@mx.${domain} (Mail Delivery System)`,
      `To: ${SUPPORT}`,
      'Subject: Undelivered Mail Returned to Sender',
      `Date: ${date.toUTCString().replace('GMT', '+0000')}`,
      `Message-Id: <${rand(seed, 10, '0123456789ABCDEF')}.${rand(`${seed}q`, 6, '0123456789')}@mx.${domain}>`,
      'Auto-Submitted: auto-replied',
      'MIME-Version: 1.0',
      `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
      '',
      'This is a MIME-encapsulated message.',
      '',
      `--${boundary}`,
      'Content-Description: Notification',
      'Content-Type: text/plain; charset=us-ascii',
      '',
      `This is the mail system at host mx.${domain}.`,
      '',
      "I'm sorry to have to inform you that your message could not",
      'be delivered to one or more recipients.',
      '',
      `<${c.address}>: host mx.${domain} said: 550 5.1.1 <${c.address}>: Recipient address rejected: User unknown`,
      '',
      `--${boundary}`,
      'Content-Description: Delivery report',
      'Content-Type: message/delivery-status',
      '',
      `Reporting-MTA: dns; mx.${domain}`,
      `Arrival-Date: ${date.toUTCString()}`,
      '',
      `Final-Recipient: rfc822; ${c.address}`,
      'Action: failed',
      'Status: 5.1.1',
      `Diagnostic-Code: smtp; 550 5.1.1 <${c.address}>: Recipient address rejected: User unknown`,
      '',
      `--${boundary}`,
      'Content-Description: Undelivered Message Headers',
      'Content-Type: text/rfc822-headers',
      '',
      `From: ${SUPPORT_NAME} <${SUPPORT}>`,
      `To: ${c.address}`,
      `Subject: Re: ${token} ${c.subject}`,
      `Message-ID: <${ours}>`,
      '',
      `--${boundary}--`,
      '',
    ].join('\r\n'),
  );
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

function readme(rows: Row[]): string {
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.step, (counts.get(r.step) ?? 0) + 1);
  return [
    '# Threading corpus',
    '',
    `${rows.length} messages written for Deskwire's email channel (docs/email.md), in 42 conversations, delivered`,
    'over SMTP in the order below by `corpus.test.ts`. Each row names the file, what it tests and where it must',
    "land: `new:Cnn` opens conversation Cnn's ticket, `Cnn` must join that ticket, `new` must open a ticket of",
    'its own (never an existing one), `none` must open no ticket (recorded only).',
    '',
    '"Reply to our mail" (✓) marks messages that carry our signed Message-ID or our `[#N]` token: the issue asks',
    'for 100% of those, and 98% of all rows. `lost-headers` rows are replies whose client dropped every trace of',
    'the thread (no headers, no token): no rule can thread them, so they open a new ticket and count as misses.',
    '',
    'Regenerate (after `npm run build`): `node --import tsx packages/server/test/email/corpus/generate-corpus.ts`.',
    "The customers' references to our replies are signed with the fixed test key of `generate-corpus.ts`.",
    '',
    `Steps: ${[...counts].map(([s, n]) => `${s} ${n}`).join(', ')}.`,
    '',
    '| # | File | Conversation | Client | Step | What it tests | Expected | Reply to our mail |',
    '|---|---|---|---|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.seq} | \`${r.file}\` | ${r.conversation} | ${r.client} | ${r.step} | ${WHAT[r.step]} | ${r.expected} | ${r.replyToOurs ? '✓' : ''} |`,
    ),
    '',
  ].join('\n');
}

// Only when run as a script: corpus.test.ts imports the key from here.
if (process.argv[1] === new URL(import.meta.url).pathname) await main();
