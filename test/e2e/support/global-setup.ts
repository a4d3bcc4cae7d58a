/** The e2e suite serves out/renderer: build it once if it is missing (CI builds before testing). */
import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

export default function globalSetup(): void {
  if (existsSync('out/renderer/index.html')) return;
  execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], { stdio: 'inherit' });
}
