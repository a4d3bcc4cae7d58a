// Bundles the CLI (src/node/cli/main.ts) into out/cli/cloudtop.mjs with esbuild. SDKs and native modules stay
// external (in node_modules, like conf and pino, which are require()d on first use), so `cloudtop status` starts fast.
import fs from 'node:fs';
import { build } from 'esbuild';

const started = Date.now();
// Chunk names carry content hashes: clear the old ones, so out/cli holds only what this build wrote.
fs.rmSync('out/cli/chunks', { recursive: true, force: true });
const result = await build({
  entryPoints: { cloudtop: 'src/node/cli/main.ts' },
  outdir: 'out/cli',
  outExtension: { '.js': '.mjs' },
  // Dynamic imports (SDKs, the server, simulators) become chunks loaded on first use.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node24',
  // Small pure-JS libraries are bundled (no module resolution at start); SDKs, native modules and
  // what only `serve` needs stay in node_modules and load on first use.
  external: [
    'keytar',
    'cloudflare',
    'oci-common',
    'oci-core',
    'oci-monitoring',
    '@neondatabase/api-client',
    '@aws-sdk/credential-provider-node',
    '@aws-sdk/xml-builder',
    '@smithy/signature-v4',
    'electron',
    // ink loads it only under DEV=true (React DevTools); it is not installed.
    'react-devtools-core',
  ],
  // `cloudtop top` (src/node/tui) is React in the terminal: ink, React and yoga are bundled into its own
  // lazy chunk (so they are dev dependencies, like the window's React, and stay out of the packaged app).
  jsx: 'automatic',
  // React's production build (the development one checks every render and is several times slower).
  define: { 'process.env.NODE_ENV': '"production"' },
  sourcemap: true,
  logLevel: 'warning',
  // Which source file went into which chunk: test/process/cli-start-path.test.ts reads it to check what
  // `status` and `--version` load.
  metafile: true,
  plugins: [builtinsThroughRequire()],
  // `require` for bundled CommonJS and the builtins above. Every chunk gets the banner, so it makes the
  // real require on first call: createRequire() looks up the package scope, a fraction of a ms per chunk
  // that most chunks never need.
  banner: {
    js: "import { createRequire as __cloudtopCreateRequire } from 'node:module'; let __cloudtopRequire; const require = (id) => (__cloudtopRequire ??= __cloudtopCreateRequire(import.meta.url))(id);",
  },
});
fs.writeFileSync('out/cli/meta.json', JSON.stringify(result.metafile));
console.error(`built out/cli/cloudtop.mjs in ${Date.now() - started} ms`);

/**
 * `import fs from 'node:fs'` (or `import process from 'node:process'`, as env-paths does) in ESM builds
 * the builtin's ES module facade, which reads every export, lazy getters included: fs.ReadStream and
 * fs.promises pull in fs streams, fs/promises and readline; process.stdin opens standard input. That is
 * several ms of every start, for nothing. Through require() they stay lazy, so the bundle gets these
 * modules from the `require` its banner defines (esbuild's CommonJS interop keeps named and default
 * imports working).
 *
 * node:child_process goes one step further: commander require()s it at load for executable
 * subcommands, which cloudtop does not have, and loading it costs a few ms of every start. Its
 * stand-in loads it on first use of any of its properties (CommonJS users read them when they call).
 */
function builtinsThroughRequire() {
  const ns = 'builtin-through-require';
  return {
    name: ns,
    setup(b) {
      b.onResolve({ filter: /^(node:)?(fs|process|child_process)$/ }, (args) => {
        const id = `node:${args.path.replace(/^node:/, '')}`;
        // The require() inside the stand-in is the real module.
        return args.namespace === ns ? { path: id, external: true } : { path: id, namespace: ns };
      });
      b.onLoad({ filter: /.*/, namespace: ns }, (args) => ({
        contents:
          args.path === 'node:child_process'
            ? `let real; const load = () => (real ??= require("node:child_process"));
               module.exports = new Proxy({}, {
                 get: (_, k) => load()[k],
                 has: (_, k) => k in load(),
                 ownKeys: () => Reflect.ownKeys(load()),
                 getOwnPropertyDescriptor: (_, k) => {
                   const d = Reflect.getOwnPropertyDescriptor(load(), k);
                   return d && { ...d, configurable: true };
                 },
               });`
            : `module.exports = require(${JSON.stringify(args.path)});`,
        loader: 'js',
      }));
    },
  };
}
