/**
 * The threading corpus, as a table: 42 conversations, each a customer's first message and what
 * follows it (replies to our reply in the styles of the common mail clients, forwards, lost
 * headers, out-of-office replies, bounces, forged tokens, Cc participants, reordered delivery).
 * generate-corpus.ts turns every row into a realistic `.eml` file and writes README.md, the table
 * anyone can read; corpus.test.ts delivers the files over SMTP in order and checks each outcome.
 */

/** How a mail client writes a message: ids, headers, quoting, signature. */
export type ClientStyle =
  | 'gmail'
  | 'outlook'
  | 'apple'
  | 'thunderbird'
  | 'iphone'
  | 'android'
  | 'yahoo'
  | 'outlook-web';

/** What the first message carries. */
export type Body = 'plain' | 'alternative' | 'html-only' | 'attachment' | 'inline-image' | 'two-attachments';

/**
 * A follow-up message of a conversation, and what it tests:
 * - `reply`: a reply to our reply, with the client's own threading headers;
 * - `reply-irt-only`: only `In-Reply-To` (no `References`), as some mobile clients send;
 * - `reply-refs-only`: only `References` (no `In-Reply-To`);
 * - `reply-token-only`: no threading headers, `[#N]` kept in the subject (from the requester);
 * - `reply-to-own`: the customer answers their own first message (stored Message-ID);
 * - `reordered`: a second reply delivered before the first: it references a message not yet stored;
 * - `cc-token`: someone on Cc writes with only the `[#N]` token;
 * - `forward-new`: the customer forwards an unrelated mail (`Fwd:`): a new ticket;
 * - `forged`: a stranger sends `[#N]` in the subject: a new ticket, never #N;
 * - `ooo`: an out-of-office auto-reply to our reply: recorded, no ticket;
 * - `bounce`: a delivery status notification for our reply: recorded, no ticket;
 * - `list`: mailing-list mail (`Precedence: list`): recorded, no ticket;
 * - `lost-headers`: the client dropped the headers and the token (only "Re: subject"): cannot be
 *   threaded by any rule, so it opens a new ticket; counted as a miss.
 */
export type Step =
  | 'reply'
  | 'reply-irt-only'
  | 'reply-refs-only'
  | 'reply-token-only'
  | 'reply-to-own'
  | 'reordered'
  | 'cc-token'
  | 'forward-new'
  | 'forged'
  | 'ooo'
  | 'bounce'
  | 'list'
  | 'lost-headers';

export interface Conversation {
  customer: string;
  address: string;
  client: ClientStyle;
  subject: string;
  body: Body;
  cc?: string;
  steps: Step[];
}

export const CONVERSATIONS: Conversation[] = [
  {
    customer: 'Asha Rao',
    address: 'asha.rao@gmail.example',
    client: 'gmail',
    subject: 'Cannot log in to the portal',
    body: 'alternative',
    steps: ['reply', 'reply', 'ooo', 'reply-irt-only'],
  },
  {
    customer: 'Brian Okafor',
    address: 'b.okafor@contoso.example',
    client: 'outlook',
    subject: 'Invoice 2024-0831 is wrong',
    body: 'attachment',
    steps: ['reply', 'reply-refs-only', 'forged', 'reply'],
  },
  {
    customer: 'Chloé Martin',
    address: 'chloe@icloud.example',
    client: 'apple',
    subject: 'Refund for order #5512',
    body: 'plain',
    steps: ['reply', 'reply-token-only', 'bounce', 'reply'],
  },
  {
    customer: 'Dmitri Volkov',
    address: 'dvolkov@fastmail.example',
    client: 'thunderbird',
    subject: 'API returns 500 on /tickets',
    body: 'plain',
    steps: ['reply', 'reordered', 'reply', 'list'],
  },
  {
    customer: 'Esther Cohen',
    address: 'esther.cohen@outlook.example',
    client: 'outlook-web',
    subject: 'Change my billing address',
    body: 'html-only',
    steps: ['reply', 'reply-irt-only', 'reply', 'ooo'],
  },
  {
    customer: 'Farid Haddad',
    address: 'farid@yahoo.example',
    client: 'yahoo',
    subject: 'App crashes on start',
    body: 'inline-image',
    steps: ['reply', 'reply', 'forward-new', 'reply-token-only'],
  },
  {
    customer: 'Grace Lee',
    address: 'grace.lee@gmail.example',
    client: 'iphone',
    subject: 'Password reset link expired',
    body: 'plain',
    steps: ['reply-irt-only', 'reply', 'reply-to-own', 'forged'],
  },
  {
    customer: 'Hiro Tanaka',
    address: 'hiro@tanaka.example',
    client: 'android',
    subject: 'Two-factor codes not arriving',
    body: 'plain',
    steps: ['reply', 'reply', 'bounce', 'reply'],
  },
  {
    customer: 'Ines Duarte',
    address: 'ines.duarte@empresa.example',
    client: 'outlook',
    subject: 'Contrato - pedido de cópia',
    body: 'two-attachments',
    cc: 'juridico@empresa.example',
    steps: ['reply', 'cc-token', 'reply', 'reply-refs-only'],
  },
  {
    customer: 'Jonas Berg',
    address: 'jonas@berg.example',
    client: 'thunderbird',
    subject: 'Export to CSV misses columns',
    body: 'attachment',
    steps: ['reply', 'reply', 'reordered', 'ooo'],
  },
  {
    customer: 'Kemi Adeyemi',
    address: 'kemi@adeyemi.example',
    client: 'gmail',
    subject: 'Upgrade to annual plan',
    body: 'alternative',
    steps: ['reply', 'reply-token-only', 'reply', 'list'],
  },
  {
    customer: 'Liam Murphy',
    address: 'liam.murphy@eircom.example',
    client: 'apple',
    subject: 'Delivery address typo',
    body: 'plain',
    steps: ['reply', 'reply', 'forged', 'reply-irt-only'],
  },
  {
    customer: 'Maya Patel',
    address: 'maya.patel@gmail.example',
    client: 'gmail',
    subject: 'Webhook signature mismatch',
    body: 'plain',
    cc: 'dev-team@patel-labs.example',
    steps: ['reply', 'cc-token', 'reply', 'bounce'],
  },
  {
    customer: 'Nils Svensson',
    address: 'nils@svensson.example',
    client: 'outlook',
    subject: 'Cancel my subscription',
    body: 'html-only',
    steps: ['reply', 'reply', 'ooo', 'reply'],
  },
  {
    customer: 'Olga Petrova',
    address: 'olga.petrova@yandex.example',
    client: 'thunderbird',
    subject: 'Счёт не пришёл (invoice missing)',
    body: 'plain',
    steps: ['reply', 'reply-refs-only', 'reply', 'forward-new'],
  },
  {
    customer: 'Pedro Alves',
    address: 'pedro@alves.example',
    client: 'android',
    subject: 'Photo upload fails',
    body: 'inline-image',
    steps: ['reply', 'reply', 'reply-to-own', 'reply'],
  },
  {
    customer: 'Quinn Taylor',
    address: 'quinn@taylor.example',
    client: 'iphone',
    subject: 'Wrong timezone in reports',
    body: 'plain',
    steps: ['reply', 'reply-irt-only', 'forged', 'reply'],
  },
  {
    customer: 'Rosa Jiménez',
    address: 'rosa.jimenez@correo.example',
    client: 'outlook-web',
    subject: 'No puedo descargar la factura',
    body: 'attachment',
    steps: ['reply', 'reply', 'bounce', 'reply-token-only'],
  },
  {
    customer: 'Sam Wilson',
    address: 'sam.wilson@gmail.example',
    client: 'gmail',
    subject: 'Bulk import stuck at 99%',
    body: 'alternative',
    steps: ['reply', 'reordered', 'reply', 'ooo'],
  },
  {
    customer: 'Tanvi Shah',
    address: 'tanvi@shah.example',
    client: 'yahoo',
    subject: 'Account locked after update',
    body: 'plain',
    steps: ['reply', 'reply', 'list', 'reply'],
  },
  {
    customer: 'Umar Farooq',
    address: 'umar.farooq@outlook.example',
    client: 'outlook',
    subject: 'SLA breach on ticket',
    body: 'plain',
    cc: 'ops-lead@farooq.example',
    steps: ['reply', 'cc-token', 'forged', 'reply'],
  },
  {
    customer: 'Vera Novak',
    address: 'vera.novak@seznam.example',
    client: 'apple',
    subject: 'Data deletion request',
    body: 'plain',
    steps: ['reply', 'reply', 'reply-irt-only', 'lost-headers'],
  },
  {
    customer: 'Wim Jansen',
    address: 'wim.jansen@ziggo.example',
    client: 'thunderbird',
    subject: 'Update Email Id',
    body: 'attachment',
    steps: ['reply', 'reply-token-only', 'reply', 'bounce'],
  },
  {
    customer: 'Xu Ming',
    address: 'xu.ming@qq.example',
    client: 'android',
    subject: 'Payment failed twice',
    body: 'plain',
    steps: ['reply', 'reply', 'ooo', 'reply-refs-only'],
  },
  {
    customer: 'Yara Haddad',
    address: 'yara@haddad.example',
    client: 'gmail',
    subject: 'Calendar sync duplicates',
    body: 'html-only',
    steps: ['reply', 'reply-to-own', 'reply', 'forward-new'],
  },
  {
    customer: 'Zoltan Kiss',
    address: 'zoltan.kiss@freemail.example',
    client: 'outlook-web',
    subject: 'SSO with Azure AD',
    body: 'plain',
    steps: ['reply', 'reply', 'forged', 'reply'],
  },
  {
    customer: 'Aiko Suzuki',
    address: 'aiko@suzuki.example',
    client: 'iphone',
    subject: 'Receipt in Japanese',
    body: 'inline-image',
    steps: ['reply', 'reply-irt-only', 'reply', 'ooo'],
  },
  {
    customer: 'Bilal Khan',
    address: 'bilal.khan@gmail.example',
    client: 'gmail',
    subject: 'Bank transfer not matched',
    body: 'two-attachments',
    steps: ['reply', 'reply', 'bounce', 'reply'],
  },
  {
    customer: 'Carmen Díaz',
    address: 'carmen.diaz@telefonica.example',
    client: 'outlook',
    subject: 'Agent was rude on the phone',
    body: 'plain',
    cc: 'manager@telefonica.example',
    steps: ['reply', 'cc-token', 'reply', 'list'],
  },
  {
    customer: 'David Smith',
    address: 'david.smith@btinternet.example',
    client: 'yahoo',
    subject: 'Duplicate charge on card',
    body: 'alternative',
    steps: ['reply', 'reordered', 'reply-token-only', 'reply'],
  },
  {
    customer: 'Eva Schmidt',
    address: 'eva.schmidt@web.example',
    client: 'thunderbird',
    subject: 'DSGVO Auskunft',
    body: 'plain',
    steps: ['reply', 'reply', 'forged', 'reply-irt-only'],
  },
  {
    customer: 'Femi Johnson',
    address: 'femi@johnson.example',
    client: 'android',
    subject: 'Push notifications silent',
    body: 'plain',
    steps: ['reply', 'reply', 'ooo', 'reply'],
  },
  {
    customer: 'Gita Sharma',
    address: 'gita.sharma@rediff.example',
    client: 'outlook-web',
    subject: 'Course certificate name wrong',
    body: 'attachment',
    steps: ['reply', 'reply-refs-only', 'reply', 'bounce'],
  },
  {
    customer: 'Hassan Ali',
    address: 'hassan.ali@gmail.example',
    client: 'gmail',
    subject: 'Cannot add team member',
    body: 'plain',
    steps: ['reply', 'reply', 'reply-to-own', 'forged'],
  },
  {
    customer: 'Isla Brown',
    address: 'isla.brown@sky.example',
    client: 'apple',
    subject: 'Printer driver for Mac',
    body: 'html-only',
    steps: ['reply', 'reply-token-only', 'reply', 'ooo'],
  },
  {
    customer: 'Jamal Wright',
    address: 'jamal.wright@aol.example',
    client: 'yahoo',
    subject: 'Coupon code rejected',
    body: 'plain',
    steps: ['reply', 'reply', 'list', 'reply-irt-only'],
  },
  {
    customer: 'Kira Ivanova',
    address: 'kira@ivanova.example',
    client: 'iphone',
    subject: 'Screen reader issues',
    body: 'plain',
    steps: ['reply', 'reordered', 'reply', 'forward-new'],
  },
  {
    customer: 'Luca Rossi',
    address: 'luca.rossi@libero.example',
    client: 'outlook',
    subject: 'Fattura elettronica mancante',
    body: 'attachment',
    cc: 'amministrazione@rossi.example',
    steps: ['reply', 'cc-token', 'reply', 'lost-headers'],
  },
  {
    customer: 'Mia Müller',
    address: 'mia.mueller@gmx.example',
    client: 'thunderbird',
    subject: 'Lieferung beschädigt',
    body: 'inline-image',
    steps: ['reply', 'reply', 'bounce', 'reply-refs-only'],
  },
  {
    customer: 'Noah Kim',
    address: 'noah.kim@naver.example',
    client: 'android',
    subject: 'Korean characters garbled',
    body: 'plain',
    steps: ['reply', 'reply-irt-only', 'reply', 'forged'],
  },
  {
    customer: 'Olivia Green',
    address: 'olivia.green@gmail.example',
    client: 'gmail',
    subject: 'Move account to new email',
    body: 'alternative',
    steps: ['reply', 'reply', 'reply-token-only', 'ooo'],
  },
  {
    customer: 'Pavel Novak',
    address: 'pavel.novak@centrum.example',
    client: 'outlook-web',
    subject: 'VPN profile download',
    body: 'plain',
    steps: ['reply', 'reply-to-own', 'reply', 'reply'],
  },
];
