#!/usr/bin/env node
/**
 * Packaging checks that run on this machine (issue #6 item 4), as `npm test`'s `package` step:
 *
 *  1. electron-builder.yml against app-builder-lib's scheme.json (ajv, no type coercion) and through
 *     electron-builder's own validator; a deliberately broken copy must be refused by both.
 *  2. The release policy in the config: app id, fuses, hardened runtime + notarisation, entitlements,
 *     targets per platform, keytar unpacked, github publish, icons present and the right size.
 *  3. A real `electron-builder --linux dir` layout build with a stand-in Electron (docs/toolchain.md: the
 *     binary is unreachable here). The stand-in carries Electron's fuse sentinel so the fuses
 *     electron-builder flips can be read back. Then: app.asar contents (the built app, runtime
 *     dependencies only; no sources, tests, source maps or dev dependencies), keytar's .node unpacked,
 *     tray icons in resources/, and no planted secret anywhere in the package (raw, base64, hex).
 *  4. Prints what it checked and the package size. AppImage/deb/rpm need tools from GitHub: the
 *     release workflow builds those.
 *
 *   node scripts/check-package.mjs [--keep]   --keep: leave the layout in the temp folder
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import Ajv from 'ajv';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');
const started = Date.now();

const results = [];
let failed = 0;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudtop-package-'));
function check(name, ok, detail = '') {
  results.push({ name, ok, detail });
  if (!ok) failed++;
  console.log(`${ok ? '✓' : '✗'} ${name}${detail ? ` — ${detail}` : ''}`);
  return ok;
}
const fmtMb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`;

// ── 1. schema ────────────────────────────────────────────────────────────────────────────────────
const configFile = path.join(root, 'electron-builder.yml');
const config = YAML.parse(fs.readFileSync(configFile, 'utf8'));
const scheme = JSON.parse(fs.readFileSync(require.resolve('app-builder-lib/scheme.json'), 'utf8'));
// electron-builder's scheme uses a `typeof: "function"` keyword for options that take callbacks;
// like electron-builder we do not enforce unknown keywords (strict: false) but, unlike it, we do not
// coerce types, so `notarize: "yes"` is an error here.
const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(scheme);
const schemaOk = validate(config);
check(
  'electron-builder.yml matches app-builder-lib/scheme.json (ajv)',
  schemaOk,
  schemaOk
    ? ''
    : validate.errors
        .slice(0, 5)
        .map((e) => `${e.instancePath} ${e.message}`)
        .join('; '),
);

const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
const { DebugLogger } = require('builder-util');
async function builderValidates(cfg) {
  try {
    await validateConfiguration(structuredClone(cfg), new DebugLogger(false));
    return null;
  } catch (e) {
    return e instanceof Error ? e.message.split('\n').slice(0, 3).join(' ') : String(e);
  }
}
const builderError = await builderValidates(config);
check("electron-builder's own validator accepts it", builderError === null, builderError ?? '');
const broken = { ...config, mac: { ...config.mac, notarise: true } };
check(
  'a misspelt option (mac.notarise) is refused by both validators',
  !validate(broken) && (await builderValidates(broken)) !== null,
);

// ── 2. policy ────────────────────────────────────────────────────────────────────────────────────
const EXPECTED_FUSES = {
  runAsNode: false,
  enableCookieEncryption: true,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
};
const eq = (a, b) => JSON.stringify(a) === JSON.stringify(b);
check(
  'appId dev.cloudtop.app, productName cloudtop',
  config.appId === 'dev.cloudtop.app' && config.productName === 'cloudtop',
);
check(
  'Electron fuses set for production (exact)',
  eq(config.electronFuses, EXPECTED_FUSES),
  JSON.stringify(config.electronFuses),
);
check(
  'asar on, keytar .node unpacked',
  config.asar === true && (config.asarUnpack ?? []).some((p) => /keytar.*\.node/.test(p)),
);
const targets = (t) => (t ?? []).map((x) => (typeof x === 'string' ? { target: x } : x));
const macT = targets(config.mac?.target);
check(
  'macOS: dmg + zip for x64 and arm64, hardened runtime, notarize, entitlements',
  ['dmg', 'zip'].every((k) => eq([...(macT.find((t) => t.target === k)?.arch ?? [])].sort(), ['arm64', 'x64'])) &&
    config.mac.hardenedRuntime === true &&
    config.mac.notarize === true &&
    fs.existsSync(path.join(root, config.mac.entitlements)),
);
const plist = fs.readFileSync(path.join(root, config.mac.entitlements), 'utf8');
const entitlementKeys = [...plist.matchAll(/<key>([^<]+)<\/key>/g)].map((m) => m[1]).sort();
check(
  'entitlements: JIT only (no camera, mic, location, library-validation exceptions)',
  eq(entitlementKeys, ['com.apple.security.cs.allow-jit', 'com.apple.security.cs.allow-unsigned-executable-memory']),
  entitlementKeys.join(', '),
);
check(
  'Windows: NSIS, SHA-256 signing, update signature verified',
  targets(config.win?.target).some((t) => t.target === 'nsis') &&
    eq(config.win.signtoolOptions?.signingHashAlgorithms, ['sha256']) &&
    config.win.verifyUpdateCodeSignature === true,
);
const linuxT = targets(config.linux?.target).map((t) => t.target);
const categories = String(config.linux?.desktop?.entry?.Categories ?? '');
check(
  'Linux: AppImage, deb, rpm; desktop entry with tray-friendly categories',
  ['AppImage', 'deb', 'rpm'].every((t) => linuxT.includes(t)) &&
    /Utility/.test(categories) &&
    config.linux.category === 'Utility',
  `${linuxT.join(', ')}; Categories=${categories}`,
);
check('publish: github (electron-updater feed)', config.publish?.provider === 'github');
check(
  'package files exclude source maps and tests',
  (config.files ?? []).includes('!**/*.map') && (config.files ?? []).some((f) => /test/.test(f) && f.startsWith('!')),
);

function pngSize(file) {
  const b = fs.readFileSync(file);
  if (b.readUInt32BE(0) !== 0x89504e47) return null;
  return { w: b.readUInt32BE(16), h: b.readUInt32BE(20) };
}
const appIcon = pngSize(path.join(root, 'resources/icon.png'));
const linuxIcons = fs.existsSync(path.join(root, 'resources/icons'))
  ? fs.readdirSync(path.join(root, 'resources/icons'))
  : [];
check(
  'icons: resources/icon.png ≥ 1024 px, Linux set up to 512 px',
  appIcon !== null && appIcon.w >= 1024 && appIcon.h === appIcon.w && linuxIcons.includes('512x512.png'),
  appIcon ? `${appIcon.w}×${appIcon.h}, ${linuxIcons.length} Linux sizes` : 'missing',
);

// ── 3. layout build ──────────────────────────────────────────────────────────────────────────────
const built = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html'];
if (!built.every((f) => fs.existsSync(path.join(root, f)))) {
  console.log('… out/ is incomplete: running electron-vite build');
  const b = spawnSync(process.execPath, [require.resolve('electron-vite/bin/electron-vite.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (b.status !== 0) {
    check('electron-vite build', false);
    finish();
  }
}

const dist = path.join(tmp, 'electron-dist');
fs.mkdirSync(dist);
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
// Electron's default fuse wire (v1, 9 fuses): runAsNode on, cookie encryption off, NODE_OPTIONS on,
// inspect on, asar integrity off, only-asar off, browser V8 snapshot off, file:// privileges on, wasm trap handlers on.
const DEFAULT_WIRE = Buffer.from([1, 9, 49, 48, 49, 49, 48, 48, 48, 49, 49]);
fs.writeFileSync(
  path.join(dist, 'electron'),
  Buffer.concat([
    Buffer.from('#!/bin/sh\n# Stand-in for the Electron binary (scripts/check-package.mjs). Fuse wire: '),
    Buffer.from(FUSE_SENTINEL),
    DEFAULT_WIRE,
    Buffer.from('\necho "stand-in electron: not runnable" >&2\nexit 1\n'),
  ]),
  { mode: 0o755 },
);

// Secrets a developer machine has lying around must not end up in the package.
const PLANTED = `ct-planted-${randomBytes(12).toString('hex')}`;
const plantedFiles = [path.join(root, '.cloudtop-package-check.env'), path.join(root, 'cloudtop.package-check.json')];
fs.writeFileSync(plantedFiles[0], `CLOUDTOP_VASTAI_API_KEY=${PLANTED}\n`);
fs.writeFileSync(
  plantedFiles[1],
  JSON.stringify({ providers: { vastai: { accounts: { default: { apiKey: PLANTED } } } } }),
);

const outDir = path.join(tmp, 'dist');
let build;
try {
  const t0 = Date.now();
  build = spawnSync(
    process.execPath,
    [
      require.resolve('electron-builder/cli.js'),
      '--linux',
      'dir',
      '--x64',
      '--publish',
      'never',
      `-c.electronDist=${dist}`,
      `-c.directories.output=${outDir}`,
      // keytar is built for this Node here; the release runners rebuild it for Electron's ABI.
      '-c.npmRebuild=false',
    ],
    {
      cwd: root,
      encoding: 'utf8',
      env: {
        ...process.env,
        CLOUDTOP_VASTAI_API_KEY: PLANTED,
        CSC_IDENTITY_AUTO_DISCOVERY: 'false',
        ELECTRON_BUILDER_CACHE: path.join(tmp, 'cache'),
      },
      timeout: 120_000,
    },
  );
  check(
    `electron-builder --linux dir with a stand-in Electron (${((Date.now() - t0) / 1000).toFixed(1)} s)`,
    build.status === 0,
    build.status === 0 ? '' : `${build.stdout}\n${build.stderr}`.trim().split('\n').slice(-8).join('\n'),
  );
} finally {
  for (const f of plantedFiles) fs.rmSync(f, { force: true });
}

const appDir = path.join(outDir, 'linux-unpacked');
const resources = path.join(appDir, 'resources');
const asarFile = path.join(resources, 'app.asar');
if (build.status === 0 && check('app.asar exists', fs.existsSync(asarFile))) {
  const asar = require('@electron/asar');
  const files = asar.listPackage(asarFile, { isPack: false }).map((p) => p.split(path.sep).join('/'));
  const fileSet = new Set(files);
  const isFile = (p) => {
    try {
      return !('files' in asar.statFile(asarFile, p.slice(1), false));
    } catch {
      return false;
    }
  };
  check(
    'app.asar holds the built app (main, sandboxed preload, renderer, package.json)',
    ['/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html', '/package.json'].every((f) =>
      fileSet.has(f),
    ),
  );
  const pkg = JSON.parse(asar.extractFile(asarFile, 'package.json').toString('utf8'));
  check(
    'package.json main points at the packaged entry',
    pkg.main === 'out/main/index.js' && fileSet.has(`/${pkg.main}`),
  );
  const runtimeDeps = Object.keys(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).dependencies);
  const missing = runtimeDeps.filter((d) => !fileSet.has(`/node_modules/${d}/package.json`));
  check('every runtime dependency is packaged', missing.length === 0, missing.join(', '));
  const devDeps = [
    'electron',
    'vitest',
    'react',
    '@mantine/core',
    'electron-builder',
    'typescript',
    '@playwright/test',
    'fast-check',
    // `cloudtop top`'s React-in-the-terminal: bundled into the CLI's lazy `top` chunk, never in the app.
    'ink',
    'react-reconciler',
    'yoga-layout',
  ];
  const leaked = devDeps.filter((d) => fileSet.has(`/node_modules/${d}/package.json`));
  check('no dev dependencies in the package', leaked.length === 0, leaked.join(', '));
  const appFiles = files.filter((f) => !f.startsWith('/node_modules/'));
  const sourcesOrTests = appFiles.filter(
    (f) =>
      /^\/(src|test|tests|bench|scripts|docs|examples|resources|\.github|\.ci|out\/cli)\//.test(f) ||
      /\.(ts|tsx)$/.test(f),
  );
  check(
    'no sources, tests, scripts or CLI bundle of ours in app.asar',
    sourcesOrTests.length === 0,
    sourcesOrTests.slice(0, 5).join(', '),
  );
  const testFiles = files.filter((f) => /\/(__tests__|test|tests|spec)\/|\.(test|spec)\.[cm]?js$/.test(f) && isFile(f));
  check('no test files anywhere in app.asar', testFiles.length === 0, testFiles.slice(0, 5).join(', '));
  const maps = files.filter((f) => f.endsWith('.map') && isFile(f));
  check('no source maps in app.asar', maps.length === 0, maps.slice(0, 5).join(', '));
  const keytarNode = files.filter((f) => /\/node_modules\/keytar\/.*\.node$/.test(f));
  const unpackedNode = path.join(
    resources,
    'app.asar.unpacked',
    'node_modules',
    'keytar',
    'build',
    'Release',
    'keytar.node',
  );
  check(
    'keytar.node is unpacked from asar (app.asar.unpacked) and marked unpacked in the archive',
    fs.existsSync(unpackedNode) &&
      keytarNode.length > 0 &&
      keytarNode.every((f) => asar.statFile(asarFile, f.slice(1), false).unpacked === true),
    keytarNode.join(', '),
  );
  const trayDir = path.join(resources, 'tray');
  const trayPngs = fs.existsSync(trayDir) ? fs.readdirSync(trayDir).filter((f) => f.endsWith('.png')) : [];
  check(
    'tray icons (4 states × light/dark/template × 1x/2x) and app icon in resources/',
    trayPngs.length === 24 && fs.existsSync(path.join(resources, 'icon.png')),
    `${trayPngs.length} tray PNGs`,
  );

  // Fuses as electron-builder wrote them into the (stand-in) binary.
  const { getCurrentFuseWire, FuseV1Options } = require('@electron/fuses');
  const wire = await getCurrentFuseWire(path.join(appDir, 'cloudtop'));
  const want = {
    RunAsNode: false,
    EnableCookieEncryption: true,
    EnableNodeOptionsEnvironmentVariable: false,
    EnableNodeCliInspectArguments: false,
    EnableEmbeddedAsarIntegrityValidation: true,
    OnlyLoadAppFromAsar: true,
    GrantFileProtocolExtraPrivileges: false,
  };
  const wrong = Object.entries(want).filter(([k, v]) => wire[FuseV1Options[k]] !== (v ? 49 : 48));
  check(
    'fuses flipped in the packaged binary (read back with @electron/fuses)',
    wrong.length === 0,
    wrong.map(([k]) => k).join(', '),
  );

  // Planted secret: every byte of the package, archived or not.
  const forms = [
    PLANTED,
    Buffer.from(PLANTED).toString('base64'),
    Buffer.from(PLANTED).toString('hex'),
    encodeURIComponent(PLANTED),
  ];
  const hits = [];
  for (const f of files) {
    if (!isFile(f)) continue;
    const text = asar.extractFile(asarFile, f.slice(1), false).toString('latin1');
    if (forms.some((s) => text.includes(s))) hits.push(`app.asar${f}`);
  }
  for (const f of fs.readdirSync(appDir, { recursive: true })) {
    const full = path.join(appDir, String(f));
    if (full === asarFile || !fs.statSync(full).isFile()) continue;
    const text = fs.readFileSync(full).toString('latin1');
    if (forms.some((s) => text.includes(s))) hits.push(path.relative(appDir, full));
  }
  check(
    'no planted secret (env var, stray config files) anywhere in the package',
    hits.length === 0,
    hits.slice(0, 5).join(', '),
  );

  // Size.
  let total = 0;
  for (const f of fs.readdirSync(appDir, { recursive: true })) {
    const full = path.join(appDir, String(f));
    const st = fs.statSync(full);
    if (st.isFile()) total += st.size;
  }
  const asarSize = fs.statSync(asarFile).size;
  const header = asar.getRawHeader(asarFile).header;
  const sizes = Object.entries(header.files.node_modules?.files ?? {})
    .map(([name, node]) => [name, dirSize(node)])
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6);
  console.log(
    `\npackage size: app.asar ${fmtMb(asarSize)}, app.asar.unpacked ${fmtMb(dirBytes(path.join(resources, 'app.asar.unpacked')))}, ` +
      `whole layout without Electron ${fmtMb(total)}`,
  );
  console.log(`largest in node_modules: ${sizes.map(([n, s]) => `${n} ${fmtMb(s)}`).join(', ')}`);
}

finish();

function dirSize(node) {
  if (node.files) return Object.values(node.files).reduce((s, n) => s + dirSize(n), 0);
  return node.size ?? 0;
}
function dirBytes(dir) {
  if (!fs.existsSync(dir)) return 0;
  let n = 0;
  for (const f of fs.readdirSync(dir, { recursive: true })) {
    const st = fs.statSync(path.join(dir, String(f)));
    if (st.isFile()) n += st.size;
  }
  return n;
}
function finish() {
  if (!keep) fs.rmSync(tmp, { recursive: true, force: true });
  else console.log(`layout kept in ${tmp}`);
  console.log(
    `\n${results.length - failed} of ${results.length} package checks passed in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  process.exit(failed ? 1 : 0);
}
