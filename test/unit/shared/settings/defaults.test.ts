/**
 * defaultSettings() is plain data (no schema is built for a missing settings file, see
 * src/shared/settings/schema.ts); it must be exactly what the schema itself fills in.
 */
import { describe, expect, it } from 'vitest';
import { SettingsSchema, defaultSettings } from '../../../../src/shared/settings/schema';

describe('defaultSettings', () => {
  it('is what SettingsSchema fills in for an empty file', () => {
    expect(defaultSettings()).toStrictEqual(SettingsSchema.parse({}));
  });

  it('is valid settings', () => {
    expect(SettingsSchema.parse(defaultSettings())).toStrictEqual(defaultSettings());
  });

  it('hands out a fresh copy each time (callers change what they get)', () => {
    const a = defaultSettings();
    a.providers.vastai!.profiles.push('work');
    a.notifications.quietHours.enabled = true;
    a.ui.hideUnavailable = true;
    expect(defaultSettings()).toStrictEqual(SettingsSchema.parse({}));
    // The schema's own defaults are not shared objects either.
    const b = SettingsSchema.parse({});
    b.providers.vastai!.profiles.push('x');
    expect(SettingsSchema.parse({}).providers.vastai!.profiles).toEqual(['default']);
  });
});
