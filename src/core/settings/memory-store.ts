import { CloudtopError } from '../../shared/model';
import { SettingsSchema, type Settings } from '../../shared/settings/schema';
import { parseSettings } from './parse';
import type { SettingsLoadIssue, SettingsStore } from './types';

/** Settings in memory, parsed like a file (migrations, repairs, issues). For tests and `--demo`. */
export class InMemorySettingsStore implements SettingsStore {
  readonly path = ':memory:';
  private raw: unknown;
  private lastIssues: SettingsLoadIssue[] = [];
  /** How many times save() was called (tests assert on writes). */
  saves = 0;

  constructor(initial: unknown = {}) {
    this.raw = structuredClone(initial);
  }

  load(): Settings {
    const { settings, issues } = parseSettings(structuredClone(this.raw));
    this.lastIssues = issues;
    return settings;
  }

  save(settings: Settings): void {
    const r = SettingsSchema.safeParse(settings);
    if (!r.success)
      throw new CloudtopError(
        'config',
        `Refusing to save invalid settings: ${r.error.issues[0]?.message ?? 'invalid'}`,
      );
    this.raw = structuredClone(r.data);
    this.saves++;
  }

  issues(): SettingsLoadIssue[] {
    return [...this.lastIssues];
  }

  /** The stored JSON value, as a file would hold it. */
  snapshot(): unknown {
    return structuredClone(this.raw);
  }
}
