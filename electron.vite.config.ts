/**
 * Build for the three Electron entries. The renderer build (out/renderer) is also what
 * `cloudtop serve` hands to the browser, so it must not depend on anything Electron-only.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';
import type { HtmlTagDescriptor, Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The renderer's entry script is tiny and imports the app (src/renderer/boot.tsx) dynamically, so
 * that it can open the WebSocket before the app's code has loaded. Vite only preloads static
 * imports; this adds <link rel="modulepreload"> for the app chunk and everything it imports, so
 * the browser fetches and compiles them while it parses the page, not after the entry has run.
 */
function preloadApp(): Plugin {
  return {
    name: 'cloudtop:preload-app',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return [];
        const chunks = new Map(
          Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [[c.fileName, c] as const] : [])),
        );
        const app = [...chunks.values()].find((c) => c.facadeModuleId?.endsWith('/src/renderer/boot.tsx'));
        if (!app) return [];
        const files = new Set<string>();
        const css = new Set<string>();
        const visit = (file: string) => {
          if (files.has(file) || file === ctx.chunk?.fileName) return;
          files.add(file);
          const chunk = chunks.get(file);
          for (const c of chunk?.viteMetadata?.importedCss ?? []) css.add(c);
          for (const dep of chunk?.imports ?? []) visit(dep);
        };
        visit(app.fileName);
        // The CSS as a preload, not a stylesheet: a stylesheet in <head> would hold the entry script back.
        const link = (attrs: Record<string, string | boolean>): HtmlTagDescriptor => ({
          tag: 'link',
          attrs,
          injectTo: 'head',
        });
        return [
          ...[...css].map((file) => link({ rel: 'preload', as: 'style', href: `./${file}` })),
          ...[...files].map((file) => link({ rel: 'modulepreload', crossorigin: true, href: `./${file}` })),
        ];
      },
    },
  };
}

/**
 * V8's explicit compile hint (https://v8.dev/blog/explicit-compile-hints) on the code the first
 * paint runs: the entry and the app chunk with everything it imports statically. V8 then compiles
 * all of a file's functions while it streams the file in, on a background thread, instead of each
 * function lazily on the main thread the first time it runs. A cold load runs most of React, the
 * Mantine components and the store in its first render, so that lazy compiling was most of the
 * render's time: the UI bench's main-thread CPU time to the first rows fell by a quarter (304 → 227 ms).
 * Views loaded later (lazy chunks) stay lazily compiled.
 */
const COMPILE_HINT = '//# allFunctionsCalledOnLoad\n';
function compileHints(): Plugin {
  return {
    name: 'cloudtop:compile-hints',
    apply: 'build',
    // On the written files: Vite prepends its preload map to the entry chunks after every plugin's
    // generateBundle, and the hint only counts as the file's first line.
    writeBundle(options, bundle) {
      const chunks = new Map(
        Object.values(bundle).flatMap((c) => (c.type === 'chunk' ? [[c.fileName, c] as const] : [])),
      );
      const firstPaint = new Set<string>();
      const visit = (file: string) => {
        if (firstPaint.has(file)) return;
        firstPaint.add(file);
        for (const dep of chunks.get(file)?.imports ?? []) visit(dep);
      };
      for (const c of chunks.values())
        if (c.isEntry || c.facadeModuleId?.endsWith('/src/renderer/boot.tsx')) visit(c.fileName);
      for (const file of firstPaint) {
        const path = resolve(options.dir!, file);
        const code = readFileSync(path, 'utf8');
        if (!code.startsWith(COMPILE_HINT)) writeFileSync(path, COMPILE_HINT + code);
      }
    },
  };
}

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
    plugins: [react(), compileHints(), ...(process.env.NOPRELOAD ? [] : [preloadApp()])],
    build: {
      outDir: resolve(root, 'out/renderer'),
      // The same bundle is served to browsers by `cloudtop serve`: minify it (electron-vite does not by default).
      // NOMINIFY=1 keeps names readable for profiling (the UI bench's figures are for the minified build).
      minify: !process.env.NOMINIFY,
      // No inline scripts or data: URLs for code: the CSP says script-src 'self'.
      assetsInlineLimit: 0,
      rolldownOptions: {
        input: resolve(root, 'src/renderer/index.html'),
        output: {
          // React DOM in a chunk of its own: V8 compiles each first-paint file on a background
          // thread as it streams in (compileHints above), one file per thread, and the app chunk
          // was half React DOM; two halves compile side by side on a 2-core machine.
          codeSplitting: {
            groups: [{ name: 'react-dom', test: /node_modules[\\/](react-dom|scheduler)[\\/]/ }],
          },
        },
      },
    },
  },
});
