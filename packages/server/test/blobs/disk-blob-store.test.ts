import { randomUUID } from 'node:crypto';
import type { Dirent } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DiskBlobStore } from '@deskwire/server';
import { runBlobStoreSuite } from './blob-store-suite.js';

async function countFiles(dir: string): Promise<number> {
  let entries: Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let n = 0;
  for (const entry of entries) n += entry.isDirectory() ? await countFiles(join(dir, entry.name)) : 1;
  return n;
}

runBlobStoreSuite('DiskBlobStore', async () => {
  const root = await mkdtemp(join(tmpdir(), 'deskwire-blobs-'));
  return {
    store: new DiskBlobStore(root),
    contents: async () => ({
      stored: await countFiles(join(root, 'sha256')),
      tmp: await countFiles(join(root, 'tmp')),
    }),
    addTemporary: async () => {
      await mkdir(join(root, 'tmp'), { recursive: true });
      await writeFile(join(root, 'tmp', randomUUID()), 'partial upload');
    },
    close: () => rm(root, { recursive: true, force: true }),
  };
});
