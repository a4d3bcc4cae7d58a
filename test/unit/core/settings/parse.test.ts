import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SettingsSchema, defaultSettings } from '../../../../src/shared/settings/schema';
import { parseSettings } from '../../../../src/core/settings/parse';
import { InMemorySettingsStore } from '../../../../src/core/settings/memory-store';

const watch = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `watch ${id}`,
  filter: { gpu: ['H100'] },
  createdAt: '2025-01-01T00:00:00.000Z',
  ...extra,
});

describe('parseSettings', () => {
  it('empty object → defaults, no issues', () => {
    expect(parseSettings({})).toEqual({ settings: defaultSettings(), issues: [], changed: false });
    expect(parseSettings({ schemaVersion: 1 })).toEqual({ settings: defaultSettings(), issues: [], changed: false });
  });

  it.each([null, [], 42, 'text', true])('non-object %j → defaults with a corrupt issue', (raw) => {
    const r = parseSettings(raw);
    expect(r.settings).toEqual(defaultSettings());
    expect(r.issues[0]!.kind).toBe('corrupt');
  });

  it('replaces only the invalid parts, naming each path, and keeps the rest', () => {
    const r = parseSettings({
      schemaVersion: 1,
      theme: 'purple',
      launchAtLogin: true,
      metricsPollSeconds: 5,
      notifications: { enabled: false, quietHours: { enabled: true, start: '25:00', end: '06:00' } },
      providers: { vastai: { enabled: false, profiles: ['ok', 'not ok!'] }, ibmcloud: { enabled: true } },
      watches: [watch('good'), watch('bad', { filter: { gpu: 'H100' } }), watch('good2')],
    });
    const s = r.settings;
    expect(s.theme).toBe('auto');
    expect(s.launchAtLogin).toBe(true);
    expect(s.metricsPollSeconds).toBe(300);
    expect(s.notifications.enabled).toBe(false);
    expect(s.notifications.quietHours).toEqual({ enabled: true, start: '22:00', end: '06:00' });
    expect(s.providers.vastai).toEqual({ enabled: false, profiles: ['ok'] });
    expect(s.providers.runpod).toEqual({ enabled: true, profiles: ['default'] });
    expect(s.watches.map((w) => w.id)).toEqual(['good', 'good2']);
    const text = r.issues.map((i) => i.message).join('\n');
    for (const p of [
      'theme',
      'metricsPollSeconds',
      'notifications.quietHours.start',
      'providers.vastai.profiles[1]',
      'providers.ibmcloud',
      'watches[1]',
    ]) {
      expect(text).toContain(p);
    }
    expect(r.issues.every((i) => i.kind === 'invalid')).toBe(true);
    expect(r.changed).toBe(true);
  });

  it('property: never throws and always returns valid settings', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (raw) => {
        const r = parseSettings(raw);
        return SettingsSchema.safeParse(r.settings).success;
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(
        fc.record({
          schemaVersion: fc.constantFrom(0, 1, 2, 'x', undefined),
          theme: fc.oneof(fc.constantFrom('auto', 'dark'), fc.jsonValue()),
          providers: fc.oneof(fc.dictionary(fc.constantFrom('vastai', 'neon', 'nope'), fc.jsonValue()), fc.jsonValue()),
          watches: fc.oneof(fc.array(fc.jsonValue()), fc.jsonValue()),
          notifications: fc.jsonValue(),
        }),
        (raw) => SettingsSchema.safeParse(parseSettings(raw).settings).success,
      ),
      { numRuns: 300 },
    );
  });
});

describe('InMemorySettingsStore', () => {
  it('round-trips, validates on save and reports load issues', () => {
    const store = new InMemorySettingsStore({ schemaVersion: 1, theme: 'nope' });
    const s = store.load();
    expect(s.theme).toBe('auto');
    expect(store.issues()[0]!.message).toContain('theme');
    store.save({ ...s, theme: 'dark' });
    expect(store.load().theme).toBe('dark');
    expect(store.issues()).toEqual([]);
    expect(() => store.save({ ...s, metricsPollSeconds: 1 })).toThrow(/invalid settings/);
    expect(store.saves).toBe(1);
  });
});
