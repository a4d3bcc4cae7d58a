/**
 * What a CLI command loads, as source files: runs the built CLI (bin/cloudtop.js → out/cli) with
 * module-load-hook.mjs and maps each loaded bundle file to the sources esbuild put in it
 * (out/cli/meta.json, written by scripts/build-cli.mjs). Shared by the start-path test and the bench.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const HOOK = path.join(ROOT, 'test', 'helpers', 'module-load-hook.mjs');

interface Metafile {
  outputs: Record<string, { bytes: number; inputs: Record<string, unknown> }>;
}

export interface StartPath {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Bundle files loaded (out/cli/…), with their size. */
  bundleFiles: Array<{ file: string; bytes: number }>;
  /** Source files and bundled packages inside them (`src/core/create-core.ts`, `node_modules/zod/…`). */
  sources: string[];
  /** Files loaded from outside the bundle (`node_modules/keytar/lib/keytar.js`, `bin/cloudtop.js`). */
  unbundled: string[];
  /** Node built-ins (`node:fs`). */
  builtins: string[];
}

/** Runs `cloudtop <args>` with `env` and reports what it loaded. */
export function startPathOf(args: string[], env: Record<string, string>): StartPath {
  const meta = JSON.parse(fs.readFileSync(path.join(ROOT, 'out/cli/meta.json'), 'utf8')) as Metafile;
  const log = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cloudtop-modules-')), 'modules.txt');
  try {
    const r = spawnSync(process.execPath, ['--import', HOOK, path.join(ROOT, 'bin/cloudtop.js'), ...args], {
      cwd: ROOT,
      env: { ...env, CLOUDTOP_MODULE_LOG: log },
      encoding: 'utf8',
      timeout: 60_000,
    });
    const urls = fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
    const out: StartPath = {
      status: r.status,
      stdout: r.stdout,
      stderr: r.stderr,
      bundleFiles: [],
      sources: [],
      unbundled: [],
      builtins: [],
    };
    for (const url of new Set(urls)) {
      if (url.startsWith('node:')) {
        out.builtins.push(url);
        continue;
      }
      if (!url.startsWith('file:')) continue;
      const rel = path.relative(ROOT, fileURLToPath(url)).split(path.sep).join('/');
      const output = meta.outputs[rel];
      if (output) {
        out.bundleFiles.push({ file: rel, bytes: output.bytes });
        out.sources.push(...Object.keys(output.inputs));
      } else out.unbundled.push(rel);
    }
    return out;
  } finally {
    fs.rmSync(path.dirname(log), { recursive: true, force: true });
  }
}
