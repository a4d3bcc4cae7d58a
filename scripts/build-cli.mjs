// Bundles the CLI (src/node/cli/main.ts) into out/cli/cloudtop.mjs with esbuild. npm packages stay
// external (they are in node_modules), so SDKs load lazily and `cloudtop status` starts fast.
import { build } from 'esbuild';

const started = Date.now();
await build({
  entryPoints: ['src/node/cli/main.ts'],
  outfile: 'out/cli/cloudtop.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  banner: {
    js: "import { createRequire as __cloudtopCreateRequire } from 'node:module'; const require = __cloudtopCreateRequire(import.meta.url);",
  },
});
console.error(`built out/cli/cloudtop.mjs in ${Date.now() - started} ms`);
