import type { SettingsView } from '../../shared/ipc/contract';
import type { Settings } from '../../shared/settings/schema';
import type { SettingsStore } from '../settings/types';

/** The settings the core works from: read by every part, written through the face's store. */
export interface SettingsCell {
  get(): Settings;
  save(next: Settings): void;
  view(): SettingsView;
}

export function settingsCell(store: SettingsStore): SettingsCell {
  let settings = store.load();
  return {
    get: () => settings,
    save(next) {
      settings = next;
      store.save(settings);
    },
    view: () => ({ settings, path: store.path, issues: store.issues() }),
  };
}
