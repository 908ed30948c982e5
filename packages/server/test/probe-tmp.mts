import {
  auth,
  DEMO_LEAD,
  DEMO_ORG,
  documentedCreateBody,
  startTestServer,
} from '/work/main/packages/server/test/helpers/test-server.ts';

const server = await startTestServer({ logLevel: 'debug' });
const boundary = 'xxBOUNDARY';
const variant = process.argv[2];
let payload;
if (variant === 'file')
  payload = `--${boundary}\r\nContent-Disposition: form-data; name="ticketDTO"\r\n\r\n${JSON.stringify(documentedCreateBody(DEMO_LEAD))}\r\n--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="cut.txt"\r\n\r\nhello there`;
else if (variant === 'field')
  payload = `--${boundary}\r\nContent-Disposition: form-data; name="ticketDTO"\r\n\r\n${JSON.stringify(documentedCreateBody(DEMO_LEAD))}`;
else
  payload = `--${boundary}\r\nContent-Disposition: form-data; name="ticketDTO"\r\n\r\n${JSON.stringify(documentedCreateBody(DEMO_LEAD))}\r\n`;
const t = setTimeout(() => {
  console.log('HANG');
  console.log(server.logs());
  process.exit(1);
}, 3000);
const res = await server.app.inject({
  method: 'POST',
  url: `/api/tenants/${DEMO_ORG}/tickets`,
  headers: { ...auth(server.demo), 'content-type': `multipart/form-data; boundary=${boundary}` },
  payload,
});
clearTimeout(t);
console.log(res.statusCode, res.body);
await server.close();
