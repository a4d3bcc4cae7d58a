/**
 * Build for the three Electron entries. The renderer build (out/renderer) is also what
 * `cloudtop serve` hands to the browser, so it must not depend on anything Electron-only.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  main: {
    build: {
      // Runtime deps stay in node_modules (native keytar, SDKs); electron-vite externalizes them.
      externalizeDeps: true,
      rolldownOptions: { input: { index: resolve(root, 'src/main/index.ts') } },
    },
  },
  preload: {
    build: {
      // A sandboxed preload (`sandbox: true`) is loaded with a restricted `require`: it can only be
      // one CommonJS file that needs nothing but `electron`. So bundle every dependency (zod, shared)
      // and emit `index.cjs` (CJS even though package.json says "type": "module").
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', chunkFileNames: '[name]-[hash].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    plugins: [react()],
    build: {
      outDir: resolve(root, 'out/renderer'),
      // The same bundle is served to browsers by `cloudtop serve`: minify it (electron-vite does not by default).
      minify: true,
      // No inline scripts or data: URLs for code: the CSP says script-src 'self'.
      assetsInlineLimit: 0,
      rolldownOptions: { input: resolve(root, 'src/renderer/index.html') },
    },
  },
});
