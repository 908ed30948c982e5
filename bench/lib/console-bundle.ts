import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { consoleAssetsDir } from '@deskwire/console';

export interface BundleSize {
  files: number;
  raw: number;
  gzip: number;
}

/** The built console's scripts and styles (what a first visit downloads), raw and gzipped at level 9. */
export async function consoleBundleSize(): Promise<{ js: BundleSize; css: BundleSize }> {
  const dir = join(consoleAssetsDir, 'assets');
  const names = await readdir(dir);
  const size = async (suffix: string): Promise<BundleSize> => {
    const files = names.filter((n) => n.endsWith(suffix));
    let raw = 0;
    let gzip = 0;
    for (const name of files) {
      const bytes = await readFile(join(dir, name));
      raw += bytes.length;
      gzip += gzipSync(bytes, { level: 9 }).length;
    }
    return { files: files.length, raw, gzip };
  };
  return { js: await size('.js'), css: await size('.css') };
}

/** React and React DOM's production files as npm ships them (not minified), gzipped the same way: a yardstick. */
export async function reactFloor(): Promise<BundleSize> {
  const require = createRequire(join(consoleAssetsDir, '..', '..', 'package.json'));
  // The packages' exports hide their cjs/ files; they sit beside package.json.
  const files = [
    ['react', 'cjs/react.production.js'],
    ['react-dom', 'cjs/react-dom-client.production.js'],
  ] as const;
  let raw = 0;
  let gzip = 0;
  for (const [pkg, file] of files) {
    const bytes = await readFile(join(dirname(require.resolve(`${pkg}/package.json`)), file));
    raw += bytes.length;
    gzip += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: files.length, raw, gzip };
}
