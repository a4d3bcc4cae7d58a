#!/usr/bin/env node
// cloudtop CLI launcher. Runs the bundle built by `npm install` / `npm run build` (out/cli), or the
// TypeScript sources through tsx when there is no bundle or CLOUDTOP_FROM_SOURCE=1 (development).
import module from 'node:module';
import { fileURLToPath } from 'node:url';

// cloudtop is built and tested on Node.js 24 (the Node of Electron 45); Node 20 is past its end of life
// and lacks what cloudtop uses (node:sqlite, native modules built for 24). In a checkout where
// `scripts/node24.sh` (or .ci/run) has installed the pinned Node 24, run under that one; otherwise say
// what is needed instead of crashing.
const nodeMajor = Number(process.versions.node.split('.')[0]);
if (nodeMajor < 22) {
  const { runUnderCheckoutNode } = await import('./old-node.js');
  const code = await runUnderCheckoutNode(fileURLToPath(import.meta.url));
  if (code === undefined) {
    process.stderr.write(
      `cloudtop needs Node.js 24; this is ${process.version}. Install Node.js 24, or in a checkout run \`. scripts/node24.sh\` first.\n`,
    );
    process.exit(2);
  }
  process.exit(code);
}

// V8's code cache on disk (Node >= 22.1; in os.tmpdir() unless NODE_COMPILE_CACHE says otherwise): the
// second and later starts skip compiling the bundle, about a third of a cold `cloudtop status`.
module.enableCompileCache?.();

// Not `import … from 'node:fs'`: node:fs's ES module facade reads every export, and its lazy ones
// (ReadStream, promises) load fs streams, fs/promises and readline on every start.
const { existsSync } = process.getBuiltinModule('node:fs');
const bundle = new URL('../out/cli/cloudtop.mjs', import.meta.url);
if (existsSync(fileURLToPath(bundle)) && !process.env.CLOUDTOP_FROM_SOURCE) {
  await import(bundle.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/node/cli/main.ts', import.meta.url).href);
}
