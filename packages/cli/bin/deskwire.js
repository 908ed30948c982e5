#!/usr/bin/env node
// The `deskwire` command. This file is committed (and executable) so that it exists when npm links
// package bins, which happens before `prepare` compiles dist/: a bin pointing into dist/ would be
// skipped silently on a fresh install. It only loads the compiled CLI.
try {
  await import('../dist/bin.js');
} catch (error) {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/bin.js')) {
    process.stderr.write('deskwire: the CLI is not built yet; run `npm run build` in the repository\n');
    process.exitCode = 1;
  } else {
    throw error;
  }
}
