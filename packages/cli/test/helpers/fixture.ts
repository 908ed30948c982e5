import type { TestContext } from 'node:test';
import { type ServeProcess, startServe, tempDataDir } from './run-cli.js';

export interface Fixture {
  /** This test's own data directory (removed after the test). */
  dataDir: string;
  /** `deskwire serve --host 127.0.0.1 --port 0 --data-dir <dataDir> ...args`, SIGKILLed after the test. */
  serve: (...args: string[]) => Promise<ServeProcess>;
}

/**
 * A temp data directory for one test, and the servers it starts. After the test every server still
 * running is killed, then the directory is removed.
 */
export async function fixture(t: TestContext): Promise<Fixture> {
  const { dir, remove } = await tempDataDir();
  const servers: ServeProcess[] = [];
  t.after(async () => {
    await Promise.all(servers.map((s) => s.kill()));
    await remove();
  });
  return {
    dataDir: dir,
    serve: async (...args) => {
      const server = await startServe(['--data-dir', dir, ...args]);
      servers.push(server);
      return server;
    },
  };
}
