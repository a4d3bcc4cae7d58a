import { SETTINGS_VERSION } from '../../shared/settings/schema';

/**
 * Versioned, pure settings migrations (docs/reliability.md D3: not conf/electron-store `migrations`).
 * `MIGRATIONS[n]` turns a version-n object into version n+1. Each one is unit-tested with golden
 * files in test/unit/core/settings/golden/. To change the settings shape: bump SETTINGS_VERSION in
 * src/shared/settings/schema.ts, add `MIGRATIONS[old]`, add a golden pair.
 */
export type SettingsObject = Record<string, unknown>;
export type Migration = (from: SettingsObject) => SettingsObject;

/**
 * v0: files from development builds, written before `schemaVersion` existed. They said
 * `theme: "system"` where v1 says `"auto"`, kept one account per provider as `account: "<name>"`
 * (v1: `profiles: [...]`) and named the poll interval `pollIntervalSeconds` (v1: `pollSeconds`).
 */
const v0ToV1: Migration = (from) => {
  const to: SettingsObject = { ...from, schemaVersion: 1 };
  if (to.theme === 'system') to.theme = 'auto';
  if (isObject(from.providers)) {
    const providers: SettingsObject = {};
    for (const [id, p] of Object.entries(from.providers)) {
      if (!isObject(p)) {
        providers[id] = p;
        continue;
      }
      const { account, pollIntervalSeconds, ...rest } = p;
      const next: SettingsObject = { ...rest };
      if (typeof account === 'string' && next.profiles === undefined) next.profiles = [account];
      if (pollIntervalSeconds !== undefined && next.pollSeconds === undefined) next.pollSeconds = pollIntervalSeconds;
      providers[id] = next;
    }
    to.providers = providers;
  }
  return to;
};

export const MIGRATIONS: Readonly<Record<number, Migration>> = { 0: v0ToV1 };

/** `schemaVersion` of a raw object: missing → 0; anything that is not a non-negative integer → null. */
export function settingsVersionOf(raw: SettingsObject): number | null {
  const v = raw.schemaVersion;
  if (v === undefined) return 0;
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : null;
}

interface MigrationResult {
  data: SettingsObject;
  from: number;
  to: number;
  /** True when the file comes from a newer cloudtop: left as is, parsed leniently. */
  newer: boolean;
}

/** Runs every migration from the object's version up to SETTINGS_VERSION. Pure; throws on a gap. */
export function migrateSettings(raw: SettingsObject, target = SETTINGS_VERSION): MigrationResult {
  const from = settingsVersionOf(raw) ?? 0;
  if (from > target) return { data: raw, from, to: from, newer: true };
  let data = structuredClone(raw);
  for (let v = from; v < target; v++) {
    const step = MIGRATIONS[v];
    if (!step) throw new Error(`no settings migration from version ${v}`);
    data = step(data);
    data.schemaVersion = v + 1;
  }
  return { data, from, to: target, newer: false };
}

function isObject(v: unknown): v is SettingsObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
