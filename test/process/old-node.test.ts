/**
 * The launcher started by a Node older than 22 (the machine's own `node` in a checkout): with the
 * pinned Node 24 that scripts/node24.sh installed, cloudtop runs under it — arguments, output, exit
 * status and signals passed through, `-w` running until stopped; without one it installs the pinned
 * release with npm (once), and when that fails it says what is needed and exits 2. Runs where such an old `node` exists (this machine's /usr/bin/node is 20).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliProcess, isolatedEnv } from './cli-process';

const OLD_NODE = ['/usr/bin/node', '/usr/local/bin/node'].find((p) => {
  try {
    return Number(execFileSync(p, ['-p', 'process.versions.node.split(".")[0]'], { encoding: 'utf8' })) < 22;
  } catch {
    return false;
  }
});
// The Node running these tests, when it is node24.sh's: <cache>/<version>/node_modules/node-linux-<arch>/bin/node.
const m = /^(.*)[/\\]\d+\.\d+\.\d+[/\\]node_modules[/\\]node-linux-[a-z0-9]+[/\\]bin[/\\]node$/.exec(process.execPath);
const NODE_CACHE = m?.[1];

describe.skipIf(!OLD_NODE || !NODE_CACHE)('the launcher on a Node older than 22', () => {
  const empty = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cloudtop-nocache-'));
  const withCache = () => isolatedEnv({ CLOUDTOP_NODE_CACHE: NODE_CACHE!, XDG_CACHE_HOME: empty() });

  it('runs cloudtop under the checkout Node 24 and ends with its status', async () => {
    const r = await new CliProcess(['--version'], withCache(), undefined, OLD_NODE).done;
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const bad = await new CliProcess(['offers', '--min-gpus', 'lots'], withCache(), undefined, OLD_NODE).done;
    expect(bad.code).toBe(2);
  });

  /** A folder with a stand-in `npm` first on PATH: `script` is its body (sh). */
  const fakeNpm = (script: string) => {
    const bin = empty();
    fs.writeFileSync(path.join(bin, 'npm'), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
    return `${bin}:${process.env.PATH}`;
  };

  it('without a Node 24, and when installing one fails, it says what is needed and exits 2', async () => {
    const env = { ...isolatedEnv({ XDG_CACHE_HOME: empty() }), HOME: empty(), PATH: fakeNpm('exit 1') };
    const r = await new CliProcess(['--version'], env, undefined, OLD_NODE).done;
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cloudtop needs Node.js 24');
    expect(r.stderr).toContain('with npm failed');
  });

  it('finds the Node 24 in ~/.cache when XDG_CACHE_HOME points elsewhere (as in .ci/run)', async () => {
    const home = empty();
    fs.mkdirSync(path.join(home, '.cache'));
    fs.symlinkSync(NODE_CACHE!, path.join(home, '.cache', 'cloudtop-node'));
    const env = { ...isolatedEnv({ XDG_CACHE_HOME: empty() }), HOME: home, PATH: fakeNpm('exit 1') };
    const r = await new CliProcess(['--version'], env, undefined, OLD_NODE).done;
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('installing');
  });

  it('without a Node 24 in any cache it installs the pinned one with npm, once, then runs', async () => {
    const cache = empty();
    const pinned = /^CLOUDTOP_NODE_VERSION=(.+)$/m.exec(fs.readFileSync('scripts/node24.sh', 'utf8'))![1]!;
    const real = fs.realpathSync(process.execPath);
    // The stand-in npm "installs" by linking the real Node 24 where the registry package puts it.
    const npm = fakeNpm(
      `echo "$@" >> "${cache}/npm-calls"; prefix="$3"; pkg=$(eval echo \\$$#); pkg=\${pkg%@*}; ` +
        `mkdir -p "$prefix/node_modules/$pkg/bin" && ln -s "${real}" "$prefix/node_modules/$pkg/bin/node"`,
    );
    const env = { ...isolatedEnv({ XDG_CACHE_HOME: empty() }), HOME: empty(), CLOUDTOP_NODE_CACHE: cache, PATH: npm };
    const r = await new CliProcess(['--version'], env, undefined, OLD_NODE).done;
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`installing Node.js ${pinned} into ${path.join(cache, pinned)} (once)`);
    const again = await new CliProcess(['--version'], env, undefined, OLD_NODE).done;
    expect(again.code).toBe(0);
    expect(again.stderr).not.toContain('installing');
    const calls = fs.readFileSync(path.join(cache, 'npm-calls'), 'utf8').trim().split('\n');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toContain(`install --prefix ${path.join(cache, pinned)}`);
    expect(calls[0]).toMatch(new RegExp(`node-linux-(x64|arm64)@${pinned.replace(/\./g, '\\.')}$`));
  });

  it('-w keeps refreshing until Ctrl+C (130), and SIGTERM ends it with 0', async () => {
    const env = { ...withCache(), CLOUDTOP_VASTAI_BASE_URL: 'http://127.0.0.1:9' };
    const p = new CliProcess(['offers', '-p', 'vastai', '-w', '1s'], env, undefined, OLD_NODE);
    await p.waitFor((o) => (o.stdout.match(/No offers match/g) ?? []).length >= 2, 'a second refresh');
    expect(p.child.exitCode).toBeNull();
    const r = await p.stop('SIGINT');
    expect(r.code).toBe(130);
    const q = new CliProcess(['offers', '-p', 'vastai', '-w', '1s'], env, undefined, OLD_NODE);
    await q.waitFor((o) => o.stdout.includes('No offers match'), 'the first refresh');
    expect((await q.stop('SIGTERM')).code).toBe(0);
  });
});
