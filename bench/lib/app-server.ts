// `buildApp(openDeskwire(...)).listen()` in a child process: the server for stores `deskwire serve`
// cannot open from its flags (PostgreSQL, until the CLI has `--database`), and for comparisons that
// must start both sides the same way.
// Run as a child: node --import tsx bench/lib/app-server.ts <data-dir> [database-url] (env BENCH_MAX_FILE_BYTES)
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { buildApp, openDeskwire } from '@deskwire/server';

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dataDir, databaseUrl] = process.argv.slice(2);
  if (!dataDir) throw new Error('usage: app-server.ts <data-dir> [database-url]');
  const deskwire = await openDeskwire({ dataDir, ...(databaseUrl && { databaseUrl }) });
  const fileBytes = Number(process.env.BENCH_MAX_FILE_BYTES ?? 0);
  const app = await buildApp(deskwire, { logLevel: false, ...(fileBytes > 0 && { limits: { fileBytes } }) });
  await app.listen({ host: '127.0.0.1', port: 0 });
  process.stdout.write(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}\n`);
  process.on('SIGTERM', () => {
    void app
      .close()
      .then(() => deskwire.close())
      .then(() => process.exit(0));
  });
}
