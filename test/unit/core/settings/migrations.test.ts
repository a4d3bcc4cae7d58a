import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SETTINGS_VERSION, SettingsSchema } from '../../../../src/shared/settings/schema';
import { MIGRATIONS, migrateSettings, settingsVersionOf } from '../../../../src/core/settings/migrations';
import { parseSettings } from '../../../../src/core/settings/parse';

const golden = (name: string) =>
  JSON.parse(
    fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden', name), 'utf8'),
  ) as Record<string, unknown>;

describe('settings migrations', () => {
  it('has a migration from every older version to the current one', () => {
    for (let v = 0; v < SETTINGS_VERSION; v++) expect(MIGRATIONS[v], `migration from v${v}`).toBeTypeOf('function');
  });

  it('golden: v0 (no schemaVersion) → v1', () => {
    const v0 = golden('v0.json');
    const expected = golden('v1.json');
    const m = migrateSettings(v0);
    expect(m).toMatchObject({ from: 0, to: 1, newer: false });
    const parsed = parseSettings(v0);
    expect(parsed.settings).toEqual(SettingsSchema.parse(expected));
    expect(parsed.settings).toEqual(expected);
    expect(parsed.issues).toEqual([{ kind: 'migrated', message: 'settings migrated from version 0 to 1' }]);
    expect(parsed.changed).toBe(true);
  });

  it('is pure: the input is not modified', () => {
    const v0 = golden('v0.json');
    const copy = structuredClone(v0);
    migrateSettings(v0);
    expect(v0).toEqual(copy);
  });

  it('the current version passes through unchanged', () => {
    const v1 = golden('v1.json');
    expect(migrateSettings(v1)).toEqual({ data: v1, from: 1, to: 1, newer: false });
    expect(parseSettings(v1)).toEqual({ settings: v1, issues: [], changed: false });
    // A v1 file from before the history section: read with its defaults, no migration needed.
    const { history: _, ...before } = v1;
    expect(parseSettings(before)).toEqual({ settings: v1, issues: [], changed: false });
  });

  it('reads schemaVersion: missing → 0, junk → null', () => {
    expect(settingsVersionOf({})).toBe(0);
    expect(settingsVersionOf({ schemaVersion: 3 })).toBe(3);
    expect(settingsVersionOf({ schemaVersion: '1' })).toBeNull();
    expect(settingsVersionOf({ schemaVersion: -1 })).toBeNull();
  });

  it('a file from a newer version is read leniently and reported', () => {
    const r = parseSettings({ schemaVersion: SETTINGS_VERSION + 1, theme: 'dark', futureThing: { x: 1 } });
    expect(r.settings.theme).toBe('dark');
    expect(r.issues[0]!.message).toMatch(/newer cloudtop/);
  });
});
