import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is served by `deskwire serve` at /console/ under a strict Content-Security-Policy
// (script-src 'self', no inline script): every script and style must be a file, so the module-preload
// polyfill (which Vite may inline) is off and assets are never inlined as data: URLs into scripts.
export default defineConfig({
  root: new URL('.', import.meta.url).pathname,
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: new URL('../dist/app', import.meta.url).pathname,
    emptyOutDir: true,
    assetsDir: 'assets',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'es2022',
    chunkSizeWarningLimit: 400,
  },
  logLevel: 'warn',
});
