import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { McpToolError } from './context.js';

/**
 * Checks a file name an agent asks to save under: a plain name (no separator, not `.`/`..`, no control
 * character) that does not exist yet in `dir`. Anything else is refused, never cleaned up: an agent
 * asking for `../x` should hear no, not get a file somewhere it did not ask for.
 */
export async function plainFileName(dir: string, name: string): Promise<string> {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  const bad = /[/\\\u0000-\u001f]/.test(name) || name === '.' || name === '..' || basename(name) !== name;
  if (bad || dirname(resolve(dir, name)) !== resolve(dir)) {
    throw new McpToolError('REFUSED', `save_as '${name}' is not a plain file name inside the download folder`);
  }
  if (await exists(join(dir, name))) {
    throw new McpToolError('REFUSED', `'${name}' already exists in the download folder; choose another save_as`);
  }
  return name;
}

/** The real path of `dir/name`, checked to be inside the real `dir` (a symlink cannot lead out). */
export async function insideDir(dir: string, name: string): Promise<string> {
  const root = await realpath(dir);
  const path = await realpath(join(dir, name));
  if (dirname(path) !== root && !path.startsWith(`${root}${sep}`)) {
    throw new McpToolError('REFUSED', `'${name}' resolves outside the download folder`);
  }
  return path;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
