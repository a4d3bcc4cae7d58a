#!/usr/bin/env node
// cloudtop CLI launcher. Runs the bundle built by `npm install` / `npm run build` (out/cli), or the
// TypeScript sources through tsx when there is no bundle or CLOUDTOP_FROM_SOURCE=1 (development).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../out/cli/cloudtop.mjs', import.meta.url);
if (existsSync(fileURLToPath(bundle)) && !process.env.CLOUDTOP_FROM_SOURCE) {
  await import(bundle.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/node/cli/main.ts', import.meta.url).href);
}
