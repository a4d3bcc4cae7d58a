/**
 * The desktop settings store through the real electron-store (inlined by vitest so its
 * `import electron from 'electron'` gets the mock): same file, same repair rules as the CLI's.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { app, ipcMain, resetElectronMock } from '../../mocks/electron';
import { ELECTRON_STORE_IPC_CHANNEL, ElectronSettingsStore, openElectronStore } from '../../../src/main/settings-store';
import { ConfSettingsStore } from '../../../src/node/settings/conf-store';
import { SecretRedactor } from '../../../src/core/log/redact';
import { defaultSettings } from '../../../src/shared/settings/schema';

const dirs: string[] = [];
function tmp(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ct-estore-'));
  dirs.push(d);
  return d;
}
beforeEach(() => {
  resetElectronMock();
  app.paths.userData = tmp();
});
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const fixedNow = () => new Date('2026-03-10T12:00:00.000Z');
const mode = (f: string) => fs.statSync(f).mode & 0o777;

const CORRUPT: Array<[string, Buffer]> = [
  ['truncated JSON', Buffer.from('{"schemaVersion":1,"theme":"dark","providers":{"vastai":{"ena')],
  ['binary garbage', Buffer.from([0x00, 0xff, 0xfe, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xc3, 0x28])],
  ['empty file', Buffer.alloc(0)],
  ['a JSON array', Buffer.from('[1,2,3]')],
  [
    'schema-violating values',
    Buffer.from('{"schemaVersion":1,"theme":42,"metricsPollSeconds":"often","watches":{"not":"a list"}}'),
  ],
];

describe('ElectronSettingsStore (electron-store)', () => {
  it('electron-store is configured as reliability.md D1 asks, and its renderer channel is closed', () => {
    const dir = tmp();
    const store = openElectronStore(dir) as unknown as { path: string };
    expect(store.path).toBe(path.join(dir, 'settings.json'));
    // electron-store registers a raw ipcMain listener that bypasses secureHandle: we remove it.
    expect(ipcMain.listenerCount(ELECTRON_STORE_IPC_CHANNEL)).toBe(0);
    (store as unknown as { store: Record<string, unknown> }).store = { a: 1 };
    expect(mode(store.path)).toBe(0o600);
  });

  it('no file → defaults; save writes settings.json (0600) that reads back', () => {
    const dir = path.join(tmp(), 'nested');
    const store = new ElectronSettingsStore({ cwd: dir, now: fixedNow });
    expect(store.load()).toEqual(defaultSettings());
    expect(store.issues()).toEqual([]);
    expect(fs.existsSync(store.path)).toBe(false);
    const s = { ...defaultSettings(), theme: 'dark' as const, launchAtLogin: true };
    store.save(s);
    expect(JSON.parse(fs.readFileSync(store.path, 'utf8'))).toEqual(s);
    expect(mode(store.path)).toBe(0o600);
    expect(new ElectronSettingsStore({ cwd: dir }).load()).toEqual(s);
    expect(fs.readdirSync(dir)).toEqual(['settings.json']);
  });

  it.each(CORRUPT)('a corrupt file (%s) is kept byte for byte, reported, and defaults load', (_name, bytes) => {
    const dir = tmp();
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(file, bytes);
    const store = new ElectronSettingsStore({ cwd: dir, now: fixedNow });
    const s = store.load();
    const issues = store.issues();
    expect(issues.length).toBeGreaterThan(0);
    const backup = issues.find((i) => i.backupPath)?.backupPath;
    expect(backup).toBe(`${file}.corrupt-2026-03-10T12-00-00-000Z`);
    expect(fs.readFileSync(backup!)).toEqual(bytes);
    expect(mode(backup!)).toBe(0o600);
    // The file is now valid and loads without issues; the valid parts of a partly broken file survive.
    expect(new ElectronSettingsStore({ cwd: dir }).load()).toEqual(s);
    expect(s.schemaVersion).toBe(1);
  });

  it('a second corruption never overwrites the first backup', () => {
    const dir = tmp();
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(file, '{oops');
    new ElectronSettingsStore({ cwd: dir, now: fixedNow }).load();
    fs.writeFileSync(file, '{oops again');
    const store = new ElectronSettingsStore({ cwd: dir, now: fixedNow });
    store.load();
    const backups = fs
      .readdirSync(dir)
      .filter((f) => f.includes('.corrupt-'))
      .sort();
    expect(backups).toEqual([
      'settings.json.corrupt-2026-03-10T12-00-00-000Z',
      'settings.json.corrupt-2026-03-10T12-00-00-000Z-1',
    ]);
    expect(fs.readFileSync(path.join(dir, backups[0]!), 'utf8')).toBe('{oops');
  });

  it('an unreadable settings path gives defaults, an issue, and refuses to save (never a wipe)', () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'settings.json'));
    const store = new ElectronSettingsStore({ cwd: dir });
    expect(store.load()).toEqual(defaultSettings());
    expect(store.issues()[0]).toMatchObject({ kind: 'unwritable' });
    expect(() => store.save(defaultSettings())).toThrow(/Settings not saved/);
  });

  it('refuses to save a settings object holding a registered secret (B1)', () => {
    const redactor = new SecretRedactor();
    redactor.register('sk-planted-abcdef123456');
    const store = new ElectronSettingsStore({ cwd: tmp(), containsSecret: (t) => redactor.containsSecret(t) });
    store.load();
    const s = defaultSettings();
    s.watches = [
      {
        id: 'w',
        name: 'sk-planted-abcdef123456',
        enabled: true,
        filter: {},
        notify: { onAppear: true, onPriceDrop: true, priceDropPct: 10, onDisappear: false, cooldownMinutes: 30 },
        createdAt: '2026-01-01T00:00:00.000Z',
      },
    ];
    expect(() => store.save(s)).toThrow(/contain a credential/);
    expect(fs.existsSync(store.path)).toBe(false);
  });

  it('the app and the CLI share one file: each reads what the other wrote', () => {
    const dir = tmp();
    const desktop = new ElectronSettingsStore({ cwd: dir });
    desktop.load();
    desktop.save({ ...defaultSettings(), theme: 'light', autoUpdate: false });
    const cli = new ConfSettingsStore({ cwd: dir });
    expect(cli.load()).toMatchObject({ theme: 'light', autoUpdate: false });
    expect(cli.issues()).toEqual([]);
    cli.save({ ...cli.load(), metricsPollSeconds: 600 });
    expect(new ElectronSettingsStore({ cwd: dir }).load()).toMatchObject({ theme: 'light', metricsPollSeconds: 600 });
  });

  it('an older file is migrated and the original kept', () => {
    const dir = tmp();
    const golden = fs.readFileSync(path.join(__dirname, '../core/settings/golden/v0.json'));
    fs.writeFileSync(path.join(dir, 'settings.json'), golden);
    const store = new ElectronSettingsStore({ cwd: dir, now: fixedNow });
    const s = store.load();
    expect(s.schemaVersion).toBe(1);
    const migrated = store.issues().find((i) => i.kind === 'migrated');
    expect(migrated?.backupPath).toMatch(/settings\.json\.v0-/);
    expect(fs.readFileSync(migrated!.backupPath!)).toEqual(golden);
  });
});
