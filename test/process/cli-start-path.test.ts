/**
 * What `cloudtop --version` and `cloudtop status` (nothing configured) load, checked on the built CLI
 * with a module-load hook, so an import added somewhere cannot silently bring back what issue #12
 * took off the start path: schemas and zod for `--version`, provider clients, SDKs, the server, the
 * TUI, simulators, node:sqlite and heavy built-ins for `status`. Not timed (`npm run bench -- cli`
 * measures); it lists files, which does not flake.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPathOf, type StartPath } from '../helpers/cli-start-path';
import { isolatedEnv } from './cli-process';

const CLIENT_SIDE =
  /^src\/core\/providers\/(clients\.ts|(?!kit\/)[^/]+\/(index|client|sdk|graphql|price-list|cli-token)\.ts)$/;
const HEAVY_PACKAGES =
  /^node_modules\/(cloudflare|oci-[a-z]+|@neondatabase|undici|pino|conf|ajv|ink|react|react-reconciler|yoga-layout|ws|prom-client)\//;
const HEAVY_BUILTINS = [
  'node:crypto',
  'node:child_process',
  'node:fs/promises',
  'node:sqlite',
  'node:http',
  'node:https',
  'node:zlib',
  'node:readline',
  'node:worker_threads',
];

let home: string;
let env: Record<string, string>;
let version: StartPath;
let status: StartPath;

beforeAll(() => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudtop-start-'));
  env = isolatedEnv({
    HOME: home,
    CLOUDTOP_HOME: home,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    XDG_STATE_HOME: path.join(home, 'state'),
  });
  version = startPathOf(['--version'], env);
  status = startPathOf(['status'], env);
});
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

describe('cloudtop --version', () => {
  it('prints the version', () => {
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(version.bundleFiles.length).toBeGreaterThan(0);
  });

  it('loads commander and the command line only: no zod, no model schemas, no core', () => {
    expect(version.sources.filter((s) => s.includes('node_modules/zod/'))).toEqual([]);
    expect(version.sources.filter((s) => s.startsWith('src/core/') || s === 'src/node/bootstrap.ts')).toEqual([]);
    const model = version.sources.filter((s) => s.startsWith('src/shared/'));
    expect(model).toEqual(['src/shared/model/errors.ts']);
    expect(version.unbundled).toEqual(['bin/cloudtop.js']);
  });
});

describe('cloudtop status with nothing configured', () => {
  it('says how to get started', () => {
    expect(status.status).toBe(0);
    expect(status.stdout).toContain('No providers configured yet.');
  });

  it('loads no provider client, parser of a client, SDK, server, TUI or simulator', () => {
    expect(status.sources.filter((s) => CLIENT_SIDE.test(s))).toEqual([]);
    expect(status.sources.filter((s) => HEAVY_PACKAGES.test(s))).toEqual([]);
    expect(
      status.sources.filter(
        (s) => s.startsWith('src/sim/') || s.startsWith('src/node/server/') || s.startsWith('src/node/tui/'),
      ),
    ).toEqual([]);
    // The registry itself and every provider's descriptor (ids, fields, options schemas) are there.
    expect(status.sources).toContain('src/core/providers/registry.ts');
    expect(status.sources).toContain('src/core/providers/vastai/descriptor.ts');
  });

  it('loads nothing from node_modules at run time but the keychain module', () => {
    // Saved credentials live only in the keychain, so `status` must look there even with nothing set up.
    expect(status.unbundled.filter((f) => f !== 'bin/cloudtop.js' && !f.startsWith('node_modules/keytar/'))).toEqual(
      [],
    );
  });

  it('loads none of the heavy built-ins (crypto, child_process, fs/promises, sqlite, http…)', () => {
    expect(status.builtins.filter((b) => HEAVY_BUILTINS.includes(b))).toEqual([]);
  });
});
