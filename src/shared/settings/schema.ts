import * as z from 'zod';
import { PROVIDER_IDS, ProfileNameSchema } from '../model/common';
import { WatchSchema } from '../model/watch';
import { SavedChannelSchema } from '../model/channel';

/** Bump when the settings shape changes; add a migration in src/core/settings/migrations.ts. */
export const SETTINGS_VERSION = 1;

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
export const PageBaseUrlSchema = z.url().refine(
  (u) => {
    // shared/ has no URL global in its types; z.url() already checked the syntax.
    const m = /^(https?):\/\/(?:[^@/?#]*@)?(\[[^\]]+\]|[^/:?#]+)/i.exec(u);
    if (!m) return false;
    return m[1]!.toLowerCase() === 'https' || isLoopbackHost(m[2]!);
  },
  { message: 'a base URL set from the app must use https:// (plain http only to localhost / 127.0.0.1 / ::1)' },
);

const HhMmSchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use HH:MM (24-hour)');

export const ProviderSettingsSchema = z.object({
  enabled: z.boolean().default(true),
  /** Accounts configured for this provider; credentials live in the keychain under each profile. */
  profiles: z.array(ProfileNameSchema).default(['default']),
  /** Poll interval override in seconds (min 10 s). */
  pollSeconds: z
    .number()
    .int()
    .min(10)
    .max(24 * 3600)
    .optional(),
  /** Base URL override (simulators, proxies). Environment `CLOUDTOP_<ID>_BASE_URL` wins. */
  baseUrl: z.url().optional(),
});
export type ProviderSettings = z.infer<typeof ProviderSettingsSchema>;

export const NotificationSettingsSchema = z.object({
  enabled: z.boolean().default(true),
  quietHours: z
    .object({
      enabled: z.boolean().default(false),
      start: HhMmSchema.default('22:00'),
      end: HhMmSchema.default('07:00'),
    })
    .default({ enabled: false, start: '22:00', end: '07:00' }),
  /** Global cap: at most this many notifications per 10 minutes. */
  maxPer10Min: z.number().int().min(1).max(50).default(5),
  /** Paused until (tray "pause notifications"). */
  pausedUntil: z.iso.datetime({ offset: true }).optional(),
});
export type NotificationSettings = z.infer<typeof NotificationSettingsSchema>;

// Defaults are parsed once per process: `jitless` skips compiling a fast parser (new Function) that
// would never run again (a few ms of every CLI start).
const ONCE = { jitless: true } as const;

const providerDefaults = Object.fromEntries(PROVIDER_IDS.map((id) => [id, ProviderSettingsSchema.parse({}, ONCE)]));

export const SettingsSchema = z.object({
  schemaVersion: z.literal(SETTINGS_VERSION).default(SETTINGS_VERSION),
  theme: z.enum(['auto', 'light', 'dark']).default('auto'),
  launchAtLogin: z.boolean().default(false),
  autoUpdate: z.boolean().default(true),
  /** Seconds; default per provider comes from its descriptor. */
  metricsPollSeconds: z
    .number()
    .int()
    .min(30)
    .max(24 * 3600)
    .default(300),
  notifications: NotificationSettingsSchema.default(NotificationSettingsSchema.parse({}, ONCE)),
  providers: z
    .record(z.enum(PROVIDER_IDS), ProviderSettingsSchema)
    .default(providerDefaults as Record<(typeof PROVIDER_IDS)[number], ProviderSettings>),
  watches: z.array(WatchSchema).default([]),
  /** Alert channels added in the window (names and kinds; each target is in the keychain). */
  channels: z.array(SavedChannelSchema).max(50).default([]),
  /** Offers table preferences. */
  ui: z
    .object({
      offersView: z.enum(['grouped', 'table']).default('grouped'),
      hideUnavailable: z.boolean().default(false),
    })
    .default({ offersView: 'grouped', hideUnavailable: false }),
});
export type Settings = z.infer<typeof SettingsSchema>;

export function defaultSettings(): Settings {
  return SettingsSchema.parse({}, ONCE);
}

/** What the UI may send to change settings: a deep-partial of the editable parts. */
export const SettingsPatchSchema = z
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
  })
  .strict();
export type SettingsPatch = z.infer<typeof SettingsPatchSchema>;
