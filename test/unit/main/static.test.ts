/**
 * Source-level rules for the Electron code (docs/reliability.md A1, A4, A6, A9): each dangerous API has one
 * call site, behind its check. Cheap to read, and it fails the moment someone adds a second door.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const sources = ['src/main', 'src/preload'].flatMap((dir) =>
  fs
    .readdirSync(path.join(repo, dir), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({
      file: path.join(dir, f).split(path.sep).join('/'),
      // Code only: comments may name what the code must not do.
      text: fs
        .readFileSync(path.join(repo, dir, f), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/^\s*\/\/.*$/gm, ''),
    })),
);
const where = (re: RegExp) => sources.filter((s) => re.test(s.text)).map((s) => s.file);

describe('one door per dangerous API', () => {
  it('IPC handlers are registered only by secureHandle', () => {
    expect(where(/ipcMain\s*\.\s*(handle|handleOnce|on|once|addListener)\s*\(/)).toEqual([]);
    expect(where(/\.handle\(\s*name\s*,/)).toEqual(['src/main/ipc/secure-handle.ts']);
  });

  it('shell.openExternal has one call site, behind the allowlist', () => {
    expect(where(/shell\s*\.\s*openExternal\s*\(/)).toEqual(['src/main/external.ts']);
    expect(fs.readFileSync(path.join(repo, 'src/main/external.ts'), 'utf8')).toMatch(
      /allowedExternalUrl\(raw, hosts\(\)\)/,
    );
  });

  it('the page is loaded from app://, never file://', () => {
    expect(where(/\bloadFile\s*\(|['"`]file:\/\//)).toEqual([]);
  });

  it('no webPreferences weakening anywhere', () => {
    expect(
      where(
        /nodeIntegration:\s*true|contextIsolation:\s*false|sandbox:\s*false|webSecurity:\s*false|allowRunningInsecureContent:\s*true/,
      ),
    ).toEqual([]);
  });

  it('the preload exposes one object and no ipcRenderer', () => {
    const preload = sources.filter((s) => s.file.startsWith('src/preload/'));
    expect(preload.map((s) => (s.text.match(/exposeInMainWorld\(/g) ?? []).length).reduce((a, b) => a + b, 0)).toBe(1);
    expect(preload.some((s) => /exposeInMainWorld\([^)]*ipcRenderer\s*[,)]/.test(s.text))).toBe(false);
  });
});
