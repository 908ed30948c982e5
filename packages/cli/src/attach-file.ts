import { stat } from 'node:fs/promises';
import { CliError } from './cli-error.js';

/** Why a file cannot be read, in words (the errno code alone, `ENOENT`, means little to most users). */
const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a parent is not a directory',
  ELOOP: 'too many symbolic links',
};

/**
 * Refuses a missing, unreadable or non-regular `--attach` file before anything is sent or stored,
 * naming the path as given: `cannot attach './nope.pdf': no such file (ENOENT)`.
 */
export async function checkAttachFile(path: string): Promise<void> {
  let isFile = false;
  try {
    isFile = (await stat(path)).isFile();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === undefined ? 'unreadable' : `${REASONS[code] ?? 'unreadable'} (${code})`;
    throw new CliError('ATTACH', `cannot attach '${path}': ${reason}`);
  }
  if (!isFile) throw new CliError('ATTACH', `cannot attach '${path}': not a regular file`);
}
