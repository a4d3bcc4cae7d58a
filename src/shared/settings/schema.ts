import * as z from 'zod';
import { lazySchema } from '../model/lazy-schema';
import { PROVIDER_IDS, ProfileNameSchema } from '../model/common';
import { WatchSchema } from '../model/watch';
import { SavedChannelSchema } from '../model/channel';

/** Bump when the settings shape changes; add a migration in src/core/settings/migrations.ts. */
export const SETTINGS_VERSION = 1;

/** The default of every settings field that has one (see defaultSettings). */
const DEFAULTS = {
  theme: 'auto',
  launchAtLogin: false,
  autoUpdate: true,
  metricsPollSeconds: 300,
  notifications: { enabled: true, quietHours: { enabled: false, start: '22:00', end: '07:00' }, maxPer10Min: 5 },
  provider: { enabled: true, profiles: ['default'] },
  ui: { offersView: 'grouped', hideUnavailable: false },
  history: { rawDays: 7, hourlyDays: 90, maxMB: 150 },
} as const;

/** Bounds of the history retention settings (issue #16: raw 7 days, hourly 90 days, configurable; a size cap). */
export const HISTORY_LIMITS = {
  rawDays: { min: 1, max: 31 },
  hourlyDays: { min: 7, max: 366 },
  maxMB: { min: 10, max: 10_240 },
} as const;
const historyField = (k: keyof typeof HISTORY_LIMITS) =>
  z.number().int().min(HISTORY_LIMITS[k].min).max(HISTORY_LIMITS[k].max);

/** Hosts that are this computer: a plain-http base URL may point only there (simulators, local proxies). */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * A base URL set from the app (settings over IPC or the serve WebSocket): https, or http to this
 * computer only. Anyone holding the serve token could otherwise send every later run's keys to a
 * plain-http host. The CLI's environment variable and cloudtop.json are the user's own and stay as they are.
 */
export const PageBaseUrlSchema = lazySchema(() =>
  z.url().refine(
    (u) => {
      // shared/ has no URL global in its types; z.url() already checked the syntax.
      const m = /^(https?):\/\/(?:[^@/?#]*@)?(\[[^\]]+\]|[^/:?#]+)/i.exec(u);
      if (!m) return false;
      return m[1]!.toLowerCase() === 'https' || isLoopbackHost(m[2]!);
    },
    { message: 'a base URL set from the app must use https:// (plain http only to localhost / 127.0.0.1 / ::1)' },
  ),
);

const HhMmSchema = lazySchema(() => z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM (24-hour)'));

export const ProviderSettingsSchema = lazySchema(() =>
  z.object({
    enabled: z.boolean().default(DEFAULTS.provider.enabled),
    /** Accounts configured for this provider; credentials live in the keychain under each profile. */
    profiles: z.array(ProfileNameSchema).default(() => [...DEFAULTS.provider.profiles]),
    /** Poll interval override in seconds (min 10 s). */
    pollSeconds: z
      .number()
      .int()
      .min(10)
      .max(24 * 3600)
      .optional(),
    /** Base URL override (simulators, proxies). Environment `CLOUDTOP_<ID>_BASE_URL` wins. */
    baseUrl: z.url().optional(),
  }),
);
export type ProviderSettings = z.infer<typeof ProviderSettingsSchema>;

export const NotificationSettingsSchema = lazySchema(() =>
  z.object({
    enabled: z.boolean().default(DEFAULTS.notifications.enabled),
    quietHours: z
      .object({
        enabled: z.boolean().default(DEFAULTS.notifications.quietHours.enabled),
        start: HhMmSchema.default(DEFAULTS.notifications.quietHours.start),
        end: HhMmSchema.default(DEFAULTS.notifications.quietHours.end),
      })
      .default(() => ({ ...DEFAULTS.notifications.quietHours })),
    /** Global cap: at most this many notifications per 10 minutes. */
    maxPer10Min: z.number().int().min(1).max(50).default(DEFAULTS.notifications.maxPer10Min),
    /** Paused until (tray "pause notifications"). */
    pausedUntil: z.iso.datetime({ offset: true }).optional(),
  }),
);
export type NotificationSettings = z.infer<typeof NotificationSettingsSchema>;

export const SettingsSchema = lazySchema(() =>
  z.object({
    schemaVersion: z.literal(SETTINGS_VERSION).default(SETTINGS_VERSION),
    theme: z.enum(['auto', 'light', 'dark']).default(DEFAULTS.theme),
    launchAtLogin: z.boolean().default(DEFAULTS.launchAtLogin),
    autoUpdate: z.boolean().default(DEFAULTS.autoUpdate),
    /** Seconds; default per provider comes from its descriptor. */
    metricsPollSeconds: z
      .number()
      .int()
      .min(30)
      .max(24 * 3600)
      .default(DEFAULTS.metricsPollSeconds),
    notifications: NotificationSettingsSchema.default(() => defaultSettings().notifications),
    providers: z.record(z.enum(PROVIDER_IDS), ProviderSettingsSchema).default(() => defaultSettings().providers),
    watches: z.array(WatchSchema).default(() => []),
    /** Alert channels added in the window (names and kinds; each target is in the keychain). */
    channels: z
      .array(SavedChannelSchema)
      .max(50)
      .default(() => []),
    /** Offers table preferences. */
    ui: z
      .object({
        offersView: z.enum(['grouped', 'table']).default(DEFAULTS.ui.offersView),
        hideUnavailable: z.boolean().default(DEFAULTS.ui.hideUnavailable),
      })
      .default(() => ({ ...DEFAULTS.ui })),
    /**
     * How long the history file keeps what it records: polls and changes (`rawDays`), hourly
     * aggregates and episodes (`hourlyDays`), and a size cap past which the oldest days go.
     */
    history: z
      .object({
        rawDays: historyField('rawDays').default(DEFAULTS.history.rawDays),
        hourlyDays: historyField('hourlyDays').default(DEFAULTS.history.hourlyDays),
        maxMB: historyField('maxMB').default(DEFAULTS.history.maxMB),
      })
      .default(() => ({ ...DEFAULTS.history })),
  }),
);
export type Settings = z.infer<typeof SettingsSchema>;

/**
 * What a missing or empty settings file means. The schema's `.default()`s are these values, and
 * defaultSettings() copies them without building the schema: building and walking it (zod checks the
 * whole tree on a first parse) is most of a `cloudtop status` start with no settings file yet.
 * test/unit/shared/settings/defaults.test.ts checks that `SettingsSchema.parse({})` gives the same.
 */
export function defaultSettings(): Settings {
  return {
    schemaVersion: SETTINGS_VERSION,
    theme: DEFAULTS.theme,
    launchAtLogin: DEFAULTS.launchAtLogin,
    autoUpdate: DEFAULTS.autoUpdate,
    metricsPollSeconds: DEFAULTS.metricsPollSeconds,
    notifications: {
      enabled: DEFAULTS.notifications.enabled,
      quietHours: { ...DEFAULTS.notifications.quietHours },
      maxPer10Min: DEFAULTS.notifications.maxPer10Min,
    },
    providers: Object.fromEntries(
      PROVIDER_IDS.map((id) => [id, { enabled: DEFAULTS.provider.enabled, profiles: [...DEFAULTS.provider.profiles] }]),
    ) as Settings['providers'],
    watches: [],
    channels: [],
    ui: { ...DEFAULTS.ui },
    history: { ...DEFAULTS.history },
  };
}

/** What the UI may send to change settings: a deep-partial of the editable parts. */
export const SettingsPatchSchema = lazySchema(() =>
  z
    .object({
      // No `.default()` anywhere in a patch: zod 4 fills defaults even under .optional()/.partial(),
      // so `{ui: {...}}` used to come out with theme 'auto' and default notifications, resetting them.
      theme: z.enum(['auto', 'light', 'dark']).optional(),
      launchAtLogin: z.boolean().optional(),
      autoUpdate: z.boolean().optional(),
      metricsPollSeconds: z
        .number()
        .int()
        .min(30)
        .max(24 * 3600)
        .optional(),
      notifications: z
        .object({
          enabled: z.boolean().optional(),
          quietHours: z.object({ enabled: z.boolean(), start: HhMmSchema, end: HhMmSchema }).optional(),
          maxPer10Min: z.number().int().min(1).max(50).optional(),
          pausedUntil: z.iso.datetime({ offset: true }).optional(),
        })
        .optional(),
      // partialRecord: zod 4's z.record with enum keys requires every key, a patch names only some.
      providers: z
        .partialRecord(
          z.enum(PROVIDER_IDS),
          z.object({
            enabled: z.boolean().optional(),
            profiles: z.array(ProfileNameSchema).optional(),
            pollSeconds: z
              .number()
              .int()
              .min(10)
              .max(24 * 3600)
              .optional(),
            baseUrl: PageBaseUrlSchema.optional(),
            /**
             * Must repeat `baseUrl` exactly: the confirmation that this provider's credentials will be
             * sent to that address from now on (the core refuses the change without it and says where).
             */
            confirmBaseUrl: z.string().optional(),
          }),
        )
        .optional(),
      ui: z
        .object({ offersView: z.enum(['grouped', 'table']).optional(), hideUnavailable: z.boolean().optional() })
        .optional(),
      history: z
        .object({
          rawDays: historyField('rawDays').optional(),
          hourlyDays: historyField('hourlyDays').optional(),
          maxMB: historyField('maxMB').optional(),
        })
        .strict()
        .optional(),
    })
    .strict(),
);
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;
