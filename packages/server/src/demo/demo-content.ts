/**
 * The documented example ticket #143 of org 22824 "Education 101", as the vendor's pages show it
 * (https://apidocs.leadsquared.com/get-ticket-by-id/, https://apidocs.leadsquared.com/get-ticket-conversations/). The
 * pages render the email HTML without tags; the markup here is a faithful reconstruction.
 */
export const DEMO = {
  orgId: 22824,
  name: 'Education 101',
  /** Published demo credentials: for a local sandbox only (docs/demo.md). */
  accessKey: 'u$rdeskwire-demo-22824',
  secretKey: 'deskwire-demo-secret-not-for-production',
  adminId: 'a443f7b7-d1fd-11ec-993a-06f221480cd8',
  agentId: 'c1826f52-ea88-11ee-9566-020f15161885',
  leadId: '330fba67-6795-46c2-9dad-077794077f70',
  ticketGuid: '03913666-6ab8-4355-9a50-a63fe3204d0a',
  ticketNumber: 143,
  createdAt: '2024-08-28T12:38:36.198Z',
  /**
   * Kapture ids of #143: the Kapture get-ticket example's `ticketId` and `taskId`
   * (https://dev.kapture.cx/kapture-api/reference/api-reference/get-ticket-api), so the documented K3 request finds this ticket.
   */
  kaptureTicketId: '713516551148',
  kaptureTaskId: 530348198,
} as const;

export const DEMO_FIELDS = [
  { schemaName: 'Type', value: 'General' },
  { schemaName: 'Title', value: 'Update Email Id' },
  {
    schemaName: 'Description',
    value: 'Hi, Has my email Id been updated. Have raised this issue a while ago. Thanks, Wim',
  },
  { schemaName: 'Status', value: 'Open' },
  { schemaName: 'Priority', value: 'Medium' },
  { schemaName: 'Channel', value: 'Email' },
  { schemaName: 'CcEmails', value: '' },
  { schemaName: 'Tags', value: '' },
  { schemaName: 'DueDate', value: '2024-08-29T10:36:23' },
  { schemaName: 'CustomData.SRC_CS_2', value: 'Online' },
  { schemaName: 'RelatedServiceGroupId', value: 2 },
  { schemaName: 'RelatedAgentId', value: 'c1826f52-ea88-11ee-9566-020f15161885' },
  { schemaName: 'RelatedStageId', value: 1 },
] as const;

const CRLF = '\r\n';
const html = (...paragraphs: string[]) =>
  `${CRLF.repeat(7)}<div class="WordSection1">${CRLF}${paragraphs.map((p) => `<p class="MsoNormal">${p}</p>`).join(CRLF)}${CRLF}</div>${CRLF.repeat(3)}`;

export const DEMO_CONVERSATIONS = [
  {
    id: 131,
    createdAt: '2024-08-28T12:38:36.198Z',
    html: html(
      'Hi,',
      '&nbsp;',
      'Has my email Id been updated. Have raised this issue a while ago.',
      '&nbsp;',
      'Thanks,',
      'Wim',
      '&nbsp;',
    ),
    text: 'Hi, Has my email Id been updated. Have raised this issue a while ago. Thanks, Wim',
    attachment: false,
  },
  {
    id: 135,
    createdAt: '2024-08-28T13:55:43.680Z',
    html: html(
      `Please update my Id to ${CRLF}<a href="mailto:xyz@example.com">xyz@example.com</a>`,
      '&nbsp;',
      'Have attached file for reference',
      '&nbsp;',
      '<b>From:</b> Sri Sudhan R &lt;sri.sudhan@leadsquared.com&gt;<br>Sent: Wednesday, August 28, 2024 6:09 PM<br>To: Vir K.D Singh &lt;Vir.Singh@leadsquared.com&gt;<br>Subject: RE: [#143] Update Email Id',
      'Hi,<br>Can you please share a government issued ID, along with the email ID you want to update on your account?',
      'Thanks,',
      'Support Team,',
      'Education 101',
      'On 28 Aug , 04:06 PM, Vir.Singh@leadsquared.com wrote:',
      'Hi,',
      'Has my email Id been updated. Have raised this issue a while ago.',
      'Thanks,',
      'Wim',
    ),
    text: 'Please update my Id to xyz@example.com Have attached file for reference From: Sri Sudhan R Sent: Wednesday, August 28, 2024 6:09 PM To: Vir K.D Singh Subject: RE: [#143] Update Email Id Hi, Can you please share a government issued ID, along with the email ID you want to update on your account? Thanks, Support Team, Education 101 On 28 Aug , 04:06 PM, Vir.Singh@leadsquared.com wrote: Hi, Has my email Id been updated. Have raised this issue a while ago. Thanks, Wim',
    attachment: true,
  },
] as const;

/** A valid 1×1 PNG standing in for the seed's `Aadhaar.png`. */
export const DEMO_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
