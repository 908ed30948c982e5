import type { Deskwire } from '@deskwire/server';
import { loadServer } from './server-module.js';

/** `--data-dir`, else `DESKWIRE_DATA_DIR`, else `./.deskwire`. */
export function resolveDataDir(flag: string | undefined): string {
  return flag ?? process.env.DESKWIRE_DATA_DIR ?? './.deskwire';
}

/** Opens the data set for one admin command and always closes it again. */
export async function withDeskwire<T>(
  dataDir: string | undefined,
  work: (deskwire: Deskwire) => Promise<T>,
): Promise<T> {
  const { openDeskwire } = await loadServer();
  const deskwire = await openDeskwire({ dataDir: resolveDataDir(dataDir) });
  try {
    return await work(deskwire);
  } finally {
    await deskwire.close();
  }
}
