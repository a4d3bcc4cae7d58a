// Type-checks every layer project separately (docs/design.md §2): each layer sees only the types it may use.
import { spawnSync } from 'node:child_process';

// preload: sandboxed, so no Node types (typings/electron-sandboxed.d.ts stands in for electron).
const projects = ['shared', 'core', 'node', 'main', 'preload', 'web', 'test'];
let failed = 0;
for (const p of projects) {
  const started = Date.now();
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', `tsconfig.${p}.json`], {
    stdio: 'inherit',
  });
  const ok = r.status === 0;
  if (!ok) failed++;
  console.error(`typecheck ${p}: ${ok ? 'ok' : 'FAILED'} (${Date.now() - started} ms)`);
}
process.exit(failed ? 1 : 0);
