/**
 * core's FileSettingsStore — reading, repair, backups, migrations, refusing secrets — through both
 * faces' backing stores: conf (the CLI, src/node/settings/conf-store.ts) and the real electron-store
 * (the desktop app, src/main/settings-store.ts; inlined by vitest so its `import electron` gets the mock).
 * Face-specific wiring is tested next to each face.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { app, resetElectronMock } from '../../../mocks/electron';
import { SettingsSchema, defaultSettings } from '../../../../src/shared/settings/schema';
import { SecretRedactor } from '../../../../src/core/log/redact';
import type { FileSettingsStore } from '../../../../src/core/settings/file-settings-store';
import { ElectronSettingsStore } from '../../../../src/main/settings-store';
import { ConfSettingsStore } from '../../../../src/node/settings/conf-store';
import { useTmpDirs } from '../../../helpers/tmp-dirs';

const tmp = useTmpDirs('cloudtop-settings-');
beforeEach(() => {
  resetElectronMock();
  app.paths.userData = tmp();
});

const fixedNow = () => new Date('2025-06-01T12:00:00.000Z');
const backups = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter((f) => f.includes('.corrupt-'))
    .sort();
const mode = (f: string) => fs.statSync(f).mode & 0o777;

const CORRUPT: Array<[string, Buffer]> = [
  ['truncated JSON', Buffer.from('{"schemaVersion":1,"theme":"dark","providers":{"vastai":{"ena')],
  ['binary garbage', Buffer.from([0x00, 0xff, 0xfe, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xc3, 0x28])],
  ['empty file', Buffer.alloc(0)],
  ['whitespace only', Buffer.from('  \n\t ')],
  ['a JSON array', Buffer.from('[1,2,3]')],
  [
    'schema-violating values',
    Buffer.from('{"schemaVersion":1,"theme":42,"metricsPollSeconds":"often","watches":{"not":"a list"}}'),
  ],
];

interface FaceOptions {
  cwd: string;
  now?: () => Date;
  redactor?: SecretRedactor;
}

const FACES: Array<[string, (o: FaceOptions) => FileSettingsStore]> = [
  ['conf (CLI)', (o) => new ConfSettingsStore(o)],
  [
    'electron-store (desktop)',
    ({ redactor, ...o }) =>
      new ElectronSettingsStore({ ...o, containsSecret: redactor && ((t) => redactor.containsSecret(t)) }),
  ],
];

describe.each(FACES)('FileSettingsStore through %s', (_face, open) => {
  it('no file → defaults, nothing written, no issues', () => {
    const dir = tmp();
    const store = open({ cwd: dir });
    expect(store.path).toBe(path.join(dir, 'settings.json'));
    expect(store.load()).toEqual(defaultSettings());
    expect(store.issues()).toEqual([]);
    expect(fs.existsSync(store.path)).toBe(false);
  });

  it('saves atomically to settings.json with mode 0600 and reads it back', () => {
    const dir = tmp();
    const store = open({ cwd: path.join(dir, 'nested') });
    const s = { ...defaultSettings(), theme: 'dark' as const };
    store.save(s);
    expect(JSON.parse(fs.readFileSync(store.path, 'utf8'))).toEqual(s);
    if (process.platform !== 'win32') expect(mode(store.path)).toBe(0o600);
    expect(open({ cwd: path.join(dir, 'nested') }).load()).toEqual(s);
    // No temp files left behind by the atomic write.
    expect(fs.readdirSync(path.join(dir, 'nested'))).toEqual(['settings.json']);
  });

  it('tightens a 0644 file to 0600 on the next save', () => {
    if (process.platform === 'win32') return;
    const dir = tmp();
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(file, JSON.stringify(defaultSettings()), { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const store = open({ cwd: dir });
    store.save(store.load());
    expect(mode(file)).toBe(0o600);
  });

  it.each(CORRUPT)('%s: backed up byte for byte, reported, defaults active, file repaired', (_label, bytes) => {
    const dir = tmp();
    const file = path.join(dir, 'settings.json');
    fs.writeFileSync(file, bytes);
    const store = open({ cwd: dir, now: fixedNow });
    const settings = store.load();

    const [backup] = backups(dir);
    expect(backup).toBe('settings.json.corrupt-2025-06-01T12-00-00-000Z');
    expect(fs.readFileSync(path.join(dir, backup!)).equals(bytes)).toBe(true);
    if (process.platform !== 'win32') expect(mode(path.join(dir, backup!))).toBe(0o600);

    const issues = store.issues();
    expect(issues.length).toBeGreaterThan(0);
    expect(issues[0]!.kind).toMatch(/corrupt|invalid/);
    expect(issues[0]!.backupPath).toBe(path.join(dir, backup!));
    expect(issues[0]!.message).toContain(backup!);

    expect(SettingsSchema.parse(settings)).toEqual(settings);
    expect(settings.theme).toBe('auto');
    expect(settings.watches).toEqual([]);
    // The live file is valid again, so the next start is clean (no crash loop, no second backup).
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(settings);
    if (process.platform !== 'win32') expect(mode(file)).toBe(0o600);
    expect(settings.schemaVersion).toBe(1);
    const again = open({ cwd: dir, now: fixedNow });
    expect(again.load()).toEqual(settings);
    expect(again.issues()).toEqual([]);
    expect(backups(dir)).toHaveLength(1);
  });

  it('a second corruption never overwrites the first backup, even in the same millisecond', () => {
    const dir = tmp();
    const file = path.join(dir, 'settings.json');
    const first = Buffer.from('{"first": tru');
    const second = Buffer.from('second garbage');
    fs.writeFileSync(file, first);
    open({ cwd: dir, now: fixedNow }).load();
    fs.writeFileSync(file, second);
    const store = open({ cwd: dir, now: fixedNow });
    store.load();
    const names = backups(dir);
    expect(names).toEqual([
      'settings.json.corrupt-2025-06-01T12-00-00-000Z',
      'settings.json.corrupt-2025-06-01T12-00-00-000Z-1',
    ]);
    expect(fs.readFileSync(path.join(dir, names[0]!)).equals(first)).toBe(true);
    expect(fs.readFileSync(path.join(dir, names[1]!)).equals(second)).toBe(true);
    expect(store.issues()[0]!.backupPath).toBe(path.join(dir, names[1]!));
  });

  it('keeps the valid parts of a partly invalid file', () => {
    const dir = tmp();
    fs.writeFileSync(
      path.join(dir, 'settings.json'),
      JSON.stringify({ schemaVersion: 1, theme: 'dark', metricsPollSeconds: -5 }),
    );
    const store = open({ cwd: dir, now: fixedNow });
    const s = store.load();
    expect(s.theme).toBe('dark');
    expect(s.metricsPollSeconds).toBe(300);
    expect(store.issues().some((i) => i.message.includes('metricsPollSeconds'))).toBe(true);
    expect(backups(dir)).toHaveLength(1);
  });

  it('migrates an old file, keeps the original as a versioned backup and writes v1', () => {
    const dir = tmp();
    const file = path.join(dir, 'settings.json');
    const v0 = Buffer.from(JSON.stringify({ theme: 'system', providers: { vastai: { account: 'me' } } }));
    fs.writeFileSync(file, v0);
    const store = open({ cwd: dir, now: fixedNow });
    const s = store.load();
    expect(s.theme).toBe('auto');
    expect(s.providers.vastai.profiles).toEqual(['me']);
    expect(store.issues()).toEqual([
      {
        kind: 'migrated',
        message: 'settings migrated from version 0 to 1',
        backupPath: path.join(dir, 'settings.json.v0-2025-06-01T12-00-00-000Z'),
      },
    ]);
    expect(fs.readFileSync(path.join(dir, 'settings.json.v0-2025-06-01T12-00-00-000Z')).equals(v0)).toBe(true);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).schemaVersion).toBe(1);
  });

  it('migrates the golden v0 file and keeps its bytes', () => {
    const dir = tmp();
    const golden = fs.readFileSync(path.join(__dirname, 'golden/v0.json'));
    fs.writeFileSync(path.join(dir, 'settings.json'), golden);
    const store = open({ cwd: dir, now: fixedNow });
    expect(store.load().schemaVersion).toBe(1);
    const migrated = store.issues().find((i) => i.kind === 'migrated');
    expect(migrated?.backupPath).toMatch(/settings\.json\.v0-/);
    expect(fs.readFileSync(migrated!.backupPath!)).toEqual(golden);
  });

  it('an unreadable settings path gives defaults, an issue, and refuses to save (never a wipe)', () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'settings.json'));
    const store = open({ cwd: dir });
    expect(store.load()).toEqual(defaultSettings());
    expect(store.issues()[0]).toMatchObject({ kind: 'unwritable' });
    expect(() => store.save(defaultSettings())).toThrow(/Settings not saved/);
    expect(fs.statSync(path.join(dir, 'settings.json')).isDirectory()).toBe(true);
  });

  it('refuses to save settings that contain a registered secret', () => {
    const dir = tmp();
    const redactor = new SecretRedactor();
    redactor.register('planted-settings-secret-42');
    const store = open({ cwd: dir, redactor });
    store.load();
    const s = defaultSettings();
    s.watches.push({
      id: 'w',
      name: 'planted-settings-secret-42',
      enabled: true,
      filter: {},
      notify: { onAppear: true, onPriceDrop: true, priceDropPct: 10, onDisappear: false, cooldownMinutes: 30 },
      createdAt: '2025-01-01T00:00:00.000Z',
    });
    expect(() => store.save(s)).toThrow(/contain a credential/);
    expect(fs.existsSync(store.path)).toBe(false);
  });

  // Needs a folder the process cannot write to: impossible as root (CI containers), so skipped there.
  it.skipIf(process.platform === 'win32' || process.getuid?.() === 0)(
    'a damaged file that cannot be backed up is left untouched and saves are refused',
    () => {
      const dir = tmp();
      const file = path.join(dir, 'settings.json');
      fs.writeFileSync(file, '{broken');
      fs.chmodSync(dir, 0o500);
      try {
        const store = open({ cwd: dir, now: fixedNow });
        expect(store.load()).toEqual(defaultSettings());
        expect(store.issues()[0]!.kind).toBe('unwritable');
        expect(() => store.save(defaultSettings())).toThrow(/not saved/);
        expect(fs.readFileSync(file, 'utf8')).toBe('{broken');
      } finally {
        fs.chmodSync(dir, 0o700);
      }
    },
  );

  it('removes temp files a killed write left behind (kill -9 mid-save), keeps a fresh one in flight', () => {
    const dir = tmp();
    const store = open({ cwd: dir });
    store.save({ ...defaultSettings(), theme: 'dark' });
    const stale = path.join(dir, 'settings.json.tmp-1764000000a1b2c3');
    const fresh = path.join(dir, 'settings.json.tmp-1764999999d4e5f6');
    const other = path.join(dir, 'notes.tmp-1764000000a1b2c3');
    for (const f of [stale, fresh, other]) fs.writeFileSync(f, '{"schemaVersion":1,"th');
    const old = new Date(Date.now() - 10 * 60_000);
    fs.utimesSync(stale, old, old);
    fs.utimesSync(other, old, old);
    const again = open({ cwd: dir });
    expect(again.load().theme).toBe('dark');
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.existsSync(fresh)).toBe(true);
    expect(fs.existsSync(other)).toBe(true);
  });
});
