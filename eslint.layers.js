// The layer rule (docs/design.md §2) as an allow-list, the way VS Code's `code-import-patterns` works:
// each layer names the layers, npm packages and Node built-ins it may import; everything else is
// an error, a file no layer covers is an error, bare built-ins ('fs') count as built-ins, and
// dynamic `import()` / `require()` are checked like static imports.
import { builtinModules } from 'node:module';
import path from 'node:path';

const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith('_')));
const ANY = '*';

/** Provider SDK families core may load (new providers: add the SDK's package or scope here). */
const PROVIDER_SDKS = [
  'cloudflare',
  '@neondatabase/api-client',
  'oci-common',
  'oci-core',
  'oci-monitoring',
  '@azure/*',
  '@google-cloud/*',
  'google-auth-library',
  '@aws-sdk/*',
  '@smithy/*',
];

/**
 * Layers in match order: `files` are path prefixes relative to the repository root. `layers` may
 * be imported (relative paths resolved to their layer), `packages` are npm names (`@scope/*` for a
 * scope), `builtins` are Node built-ins without the `node:` prefix (ANY for all).
 */
export const LAYERS = [
  { name: 'shared', files: ['src/shared/'], layers: ['shared'], packages: ['zod'], builtins: [] },
  {
    name: 'core',
    files: ['src/core/'],
    layers: ['core', 'shared'],
    packages: ['zod', 'p-queue', 'p-retry', 'lru-cache', 'pino', 'keytar', ...PROVIDER_SDKS],
    builtins: ANY,
  },
  // `cloudtop top`: the node layer plus React and ink (bundled into the CLI's lazy `top` chunk only).
  {
    name: 'node',
    files: ['src/node/tui/'],
    layers: ['node', 'core', 'shared'],
    packages: ['zod', 'react', 'ink'],
    builtins: ANY,
  },
  {
    name: 'node',
    files: ['src/node/'],
    layers: ['node', 'core', 'shared', 'sim'],
    packages: ['zod', 'commander', 'conf', 'env-paths', 'prom-client', 'ws'],
    builtins: ANY,
  },
  { name: 'sim', files: ['src/sim/'], layers: ['sim', 'core', 'shared'], packages: ['zod'], builtins: ANY },
  {
    name: 'main',
    files: ['src/main/'],
    layers: ['main', 'core', 'shared'],
    packages: ['zod', 'electron', 'electron-store', 'electron-updater'],
    builtins: ANY,
  },
  // Sandboxed: no Node at run time, so no built-ins (tsconfig.preload.json has no Node types either).
  { name: 'preload', files: ['src/preload/'], layers: ['preload', 'shared'], packages: ['electron'], builtins: [] },
  {
    name: 'renderer',
    files: ['src/renderer/'],
    layers: ['renderer', 'shared'],
    packages: ['zod', 'react', 'react-dom', '@mantine/*'],
    builtins: [],
  },
  {
    name: 'bench',
    files: ['bench/'],
    layers: ['bench', 'core', 'node', 'shared', 'sim', 'test'],
    packages: ANY,
    builtins: ANY,
  },
  { name: 'scripts', files: ['scripts/'], layers: ['scripts', 'shared', 'renderer'], packages: ANY, builtins: ANY },
  // The stand-in `electron` module the built main bundle is smoke-run with (test/process): its
  // `import 'electron'` resolves to test/mocks/electron.ts through a loader hook, never the real package.
  { name: 'test', files: ['test/process/electron-stub/'], layers: ANY, packages: ANY, builtins: ANY },
  {
    name: 'test',
    files: ['test/'],
    layers: ['test', 'shared', 'core', 'node', 'sim', 'main', 'preload', 'renderer', 'bench', 'scripts', 'tooling'],
    // Tests must never load the real electron package (it tries to download its binary).
    packages: ANY,
    notPackages: ['electron'],
    builtins: ANY,
  },
  // The CLI launcher: loads the built bundle (or src/node/cli through tsx); computed URLs by design.
  { name: 'bin', files: ['bin/'], layers: ANY, packages: ANY, builtins: ANY },
  {
    name: 'tooling',
    files: ['eslint.config.js', 'eslint.layers.js', 'electron.vite.config.ts', 'vitest.', 'playwright.'],
    layers: ANY,
    packages: ANY,
    builtins: ANY,
  },
];

function relative(file, cwd) {
  return path.relative(cwd, file).split(path.sep).join('/');
}

export function layerOf(rel) {
  return LAYERS.find((l) => l.files.some((f) => rel === f || rel.startsWith(f)));
}

function packageName(spec) {
  const parts = spec.split('/');
  return spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

function allowsPackage(layer, name) {
  if (layer.notPackages?.includes(name)) return false;
  if (layer.packages === ANY) return true;
  return layer.packages.some((p) => p === name || (p.endsWith('/*') && name.startsWith(p.slice(0, -1))));
}

/** Why `spec` may not be imported from `rel` (layer `layer`), or undefined when it may. */
export function violation(layer, rel, spec) {
  if (spec.startsWith('.') || spec.startsWith('/')) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(rel), spec));
    const to = layerOf(target) ?? layerOf(`${target}/`);
    if (!to) return `docs/design.md §2: ${layer.name} may not import "${spec}" (outside every layer)`;
    if (layer.layers === ANY || layer.layers.includes(to.name)) return undefined;
    return `docs/design.md §2: ${layer.name} may not import src/${to.name} ("${spec}"); allowed: ${layer.layers.join(', ')}`;
  }
  const bare = spec.startsWith('node:') ? spec.slice(5) : spec;
  if (spec.startsWith('node:') || BUILTINS.has(bare) || BUILTINS.has(bare.split('/')[0])) {
    if (layer.builtins === ANY || layer.builtins.includes(bare)) return undefined;
    return `docs/design.md §2: ${layer.name} may not import the Node built-in "${spec}"`;
  }
  const name = packageName(spec);
  if (allowsPackage(layer, name)) return undefined;
  return `docs/design.md §2: ${layer.name} may not import the package "${name}"; add it to its allow-list in eslint.layers.js if it belongs there`;
}

const rule = {
  meta: { type: 'problem', schema: [], docs: { description: 'allow-list of imports per layer (docs/design.md §2)' } },
  create(context) {
    const cwd = context.cwd ?? process.cwd();
    const rel = relative(context.filename ?? context.getFilename(), cwd);
    const layer = layerOf(rel);
    const check = (node, source) => {
      if (!layer) return;
      if (!source || source.type !== 'Literal' || typeof source.value !== 'string') {
        // A computed specifier cannot be checked: only layers allowed any package and any built-in
        // (bench, scripts, tests, tooling) may use one.
        if (layer.packages !== ANY || layer.builtins !== ANY) {
          context.report({ node, message: `docs/design.md §2: ${layer.name} may not import a computed module name` });
        }
        return;
      }
      const why = violation(layer, rel, source.value);
      if (why) context.report({ node: source, message: why });
    };
    return {
      Program(node) {
        if (!layer)
          context.report({
            node,
            message: `docs/design.md §2: no layer rule covers ${rel}; add it to LAYERS in eslint.layers.js`,
          });
      },
      ImportDeclaration: (node) => check(node, node.source),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source),
      ExportAllDeclaration: (node) => check(node, node.source),
      ImportExpression: (node) => check(node, node.source),
      CallExpression(node) {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require' && node.arguments.length === 1)
          check(node, node.arguments[0]);
      },
    };
  },
};

export const layersPlugin = { rules: { layers: rule } };
