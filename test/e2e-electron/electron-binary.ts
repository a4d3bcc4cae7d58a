/**
 * Where the Electron binary is, without `require('electron')` (from plain Node that tries to download
 * it, docs/toolchain.md). ELECTRON_PATH wins; else the path the electron package records after download.
 */
import fs from 'node:fs';
import path from 'node:path';

export function findElectronBinary(repo: string): { path?: string; reason: string } {
  const fromEnv = process.env.ELECTRON_PATH;
  if (fromEnv) {
    return fs.existsSync(fromEnv)
      ? { path: fromEnv, reason: '' }
      : { reason: `ELECTRON_PATH=${fromEnv} does not exist` };
  }
  const pkg = path.join(repo, 'node_modules', 'electron');
  const pathTxt = path.join(pkg, 'path.txt');
  if (!fs.existsSync(pathTxt)) {
    return {
      reason:
        'no Electron binary on this machine: node_modules/electron has no downloaded dist (the binary comes from ' +
        'GitHub, which is unreachable here). Run where Electron is installed, or set ELECTRON_PATH.',
    };
  }
  const bin = path.join(pkg, 'dist', fs.readFileSync(pathTxt, 'utf8').trim());
  return fs.existsSync(bin) ? { path: bin, reason: '' } : { reason: `Electron binary ${bin} is missing` };
}
