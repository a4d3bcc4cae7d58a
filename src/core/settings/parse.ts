import type { z } from 'zod';
import { PROVIDER_IDS } from '../../shared/model';
import { SETTINGS_VERSION, SettingsSchema, defaultSettings, type Settings } from '../../shared/settings/schema';
import { formatPath, type PathSegment } from '../config/paths';
import { migrateSettings, settingsVersionOf, type SettingsObject } from './migrations';
import type { SettingsLoadIssue } from './types';

interface ParsedSettings {
  settings: Settings;
  issues: SettingsLoadIssue[];
  /** True when the data should be written back (migrated or repaired). */
  changed: boolean;
}

const MAX_REPAIRS = 200;

/**
 * Raw JSON → valid Settings. Never throws: an unreadable shape gives defaults, a bad part is replaced
 * by its default (a broken watch is dropped) with an issue naming its path, and everything valid is
 * kept. Older files are migrated first.
 */
export function parseSettings(raw: unknown): ParsedSettings {
  if (!isObject(raw)) {
    const what = Array.isArray(raw) ? 'a list' : raw === null ? 'null' : `a ${typeof raw}`;
    return {
      settings: defaultSettings(),
      issues: [{ kind: 'corrupt', message: `settings file holds ${what}, not an object; defaults loaded` }],
      changed: true,
    };
  }
  // `{}` has nothing to migrate or repair: a fresh store, not a version-0 file.
  if (Object.keys(raw).length === 0) return { settings: defaultSettings(), issues: [], changed: false };
  const issues: SettingsLoadIssue[] = [];
  let data: SettingsObject;
  let input: SettingsObject = raw;
  try {
    if (settingsVersionOf(input) === null) {
      issues.push({ kind: 'invalid', message: 'schemaVersion: not a version number; read as the current version' });
      input = { ...input, schemaVersion: SETTINGS_VERSION };
    }
    const m = migrateSettings(input);
    data = m.data;
    if (m.newer) {
      issues.push({
        kind: 'invalid',
        message: `settings were written by a newer cloudtop (version ${m.from}, this one reads ${SETTINGS_VERSION}); unknown parts are ignored`,
      });
      data = { ...data, schemaVersion: SETTINGS_VERSION };
    } else if (m.from !== m.to) {
      issues.push({ kind: 'migrated', message: `settings migrated from version ${m.from} to ${m.to}` });
    }
  } catch (e) {
    return {
      settings: defaultSettings(),
      issues: [
        ...issues,
        { kind: 'invalid', message: `settings could not be migrated (${(e as Error).message}); defaults loaded` },
      ],
      changed: true,
    };
  }

  for (let round = 0; round < MAX_REPAIRS; round++) {
    fillProviders(data);
    const r = SettingsSchema.safeParse(data);
    if (r.success) return { settings: r.data, issues, changed: issues.length > 0 };
    const issue = r.error.issues[0]!;
    const repaired = repair(data, issue);
    if (!repaired) break;
    issues.push({ kind: 'invalid', message: repaired });
  }
  issues.push({ kind: 'invalid', message: 'settings could not be repaired; defaults loaded' });
  return { settings: defaultSettings(), issues, changed: true };
}

/** Every provider has an entry in v1; a file may list only some (the rest get defaults). */
function fillProviders(data: SettingsObject): void {
  if (data.providers === undefined) return;
  if (!isObject(data.providers)) return;
  for (const id of PROVIDER_IDS) if (data.providers[id] === undefined) data.providers[id] = {};
}

/** Removes the offending part so its default applies; returns the issue text, or null if stuck. */
function repair(data: SettingsObject, issue: z.core.$ZodIssue): string | null {
  const path = issue.path.filter((p): p is PathSegment => typeof p !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    // Unknown keys in records (a provider id this version does not know).
    const parent = getAt(data, path);
    if (!isObject(parent)) return null;
    for (const k of issue.keys) delete parent[k];
    return `${issue.keys.map((k) => formatPath([...path, k])).join(', ')}: not known to this version; ignored`;
  }
  // A broken watch is dropped whole: half a watch would alert on the wrong thing.
  if (path[0] === 'watches' && typeof path[1] === 'number' && Array.isArray(data.watches)) {
    data.watches.splice(path[1], 1);
    return `${formatPath(path)}: ${issue.message}; watch ${formatPath(path.slice(0, 2))} dropped`;
  }
  // Remove the deepest part that exists; a missing required value takes its parent with it.
  for (let depth = path.length; depth >= 1; depth--) {
    const target = path.slice(0, depth);
    const parent = getAt(data, target.slice(0, -1));
    const key = target[target.length - 1]!;
    if (Array.isArray(parent) && typeof key === 'number' && key < parent.length) {
      parent.splice(key, 1);
      return `${formatPath(path)}: ${issue.message}; entry removed`;
    }
    if (isObject(parent) && Object.hasOwn(parent, key)) {
      delete parent[key as string];
      return `${formatPath(path)}: ${issue.message}; default used`;
    }
  }
  return null;
}

function getAt(data: unknown, path: readonly PathSegment[]): unknown {
  let cur = data;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === 'number') cur = cur[seg];
    else if (isObject(cur)) cur = cur[seg as string];
    else return undefined;
  }
  return cur;
}

function isObject(v: unknown): v is SettingsObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
