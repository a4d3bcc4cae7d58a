/**
 * `cloudtop top` is a lazy chunk of the CLI bundle: `cloudtop status` and the other commands never load
 * React, ink or yoga, and the chunk carries them itself (no node_modules lookup at run time, so ink
 * needs no place among the packaged app's runtime dependencies).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const dir = path.resolve(import.meta.dirname, '../../../out/cli');
const main = path.join(dir, 'cloudtop.mjs');

beforeAll(() => {
  if (!fs.existsSync(main)) {
    const r = spawnSync(process.execPath, ['scripts/build-cli.mjs'], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
  }
}, 120_000);

/** Files loaded when the bundle starts: the entry and every chunk it imports statically. */
function staticClosure(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const text = fs.readFileSync(file, 'utf8');
  for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s*"(\.{1,2}\/[^"]+)"|^import\s*"(\.{1,2}\/[^"]+)"/gm)) {
    staticClosure(path.resolve(path.dirname(file), (m[1] ?? m[2])!), seen);
  }
  return seen;
}

const REACT_MARKERS = [/react-reconciler/, /yoga-layout|YGNode|yoga-wasm/i, /node_modules\/ink\//];

describe('the CLI bundle', () => {
  it('starts without React, ink or yoga (they load with `cloudtop top` only)', () => {
    const loaded = [...staticClosure(main)];
    expect(loaded.length).toBeGreaterThan(0);
    for (const f of loaded) {
      const text = fs.readFileSync(f, 'utf8');
      for (const marker of REACT_MARKERS) expect(text, `${path.basename(f)} ${marker}`).not.toMatch(marker);
    }
  });

  it('has a tui chunk, imported dynamically, that carries ink, React and yoga itself', () => {
    const dynamic = [...fs.readFileSync(main, 'utf8').matchAll(/import\("\.\/(chunks\/tui-[^"]+\.mjs)"\)/g)];
    expect(dynamic).toHaveLength(1);
    const chunk = fs.readFileSync(path.join(dir, dynamic[0]![1]!), 'utf8');
    for (const marker of REACT_MARKERS.slice(0, 2)) expect(chunk).toMatch(marker);
    // Bundled, not imported from node_modules.
    expect(chunk).not.toMatch(/from\s*"(ink|react|react-reconciler|yoga-layout)"/);
  });
});
