/**
 * The one contract between the window and the core, used by Electron IPC (preload ↔ main) and by
 * the browser mode WebSocket (renderer ↔ `cloudtop serve`). Every request, response and event has a
 * zod schema; both ends validate. Secrets only ever travel renderer → core (credentials.set), never back.
 */
import * as z from 'zod';
import { lazySchema } from '../model/lazy-schema';
import {
  AlertEventSchema,
  ChannelInfoSchema,
  ChannelNameSchema,
  DeliveryRecordSchema,
  CredentialStatusSchema,
  ErrorInfoSchema,
  ProfileNameSchema,
  ProviderIdSchema,
  ProviderInfoSchema,
  SnapshotDiffSchema,
  SnapshotSchema,
  WatchInputSchema,
  WatchSchema,
  IsoDateSchema,
} from '../model';
import { SettingsPatchSchema, SettingsSchema } from '../settings/schema';
import { HistoryQuerySchema, HistoryReportSchema, ModelTrendsQuerySchema, ModelTrendsSchema } from '../history/schema';
import type { PACKED_OFFERS_ENCODING, PackedSnapshot } from '../snapshot/wire';
import type { SnapshotPreview } from '../snapshot/preview';

const Empty = lazySchema(() => z.object({}).strict());

export const AppInfoSchema = lazySchema(() =>
  z.object({
    version: z.string(),
    mode: z.enum(['desktop', 'browser']),
    demo: z.boolean(),
    /** Where credentials go: the OS keychain, or memory for this session only (no keychain found). */
    secretStorage: z.enum(['keychain', 'session']),
    platform: z.string(),
  }),
);
export type AppInfo = z.infer<typeof AppInfoSchema>;

export const SettingsViewSchema = lazySchema(() =>
  z.object({
    settings: SettingsSchema,
    path: z.string(),
    issues: z.array(z.object({ kind: z.string(), message: z.string(), backupPath: z.string().optional() })),
  }),
);
export type SettingsView = z.infer<typeof SettingsViewSchema>;

/** Credential values: field name → value. Bounded so a hostile payload cannot exhaust memory. */
export const CredentialValuesSchema = lazySchema(() =>
  z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,40}$/), z.string().max(16_384)),
);

export const TestResultSchema = lazySchema(() =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), detail: z.string() }),
    z.object({ ok: z.literal(false), error: ErrorInfoSchema }),
  ]),
);
export type TestResult = z.infer<typeof TestResultSchema>;

const ProviderAccount = lazySchema(() =>
  z.object({ provider: ProviderIdSchema, account: ProfileNameSchema.default('default') }).strict(),
);

/** Invoke channels: request → response. */
export const invokeChannels = {
  'app.info': { request: Empty, response: AppInfoSchema },
  'snapshot.get': { request: Empty, response: SnapshotSchema },
  refresh: {
    request: z.object({ providers: z.array(ProviderIdSchema).max(20).optional() }).strict(),
    response: z.object({ version: z.number() }),
  },
  'providers.list': { request: Empty, response: z.array(ProviderInfoSchema) },
  'credentials.status': { request: ProviderAccount, response: CredentialStatusSchema },
  'credentials.set': {
    request: ProviderAccount.extend({ values: CredentialValuesSchema }).strict(),
    response: CredentialStatusSchema,
  },
  'credentials.delete': { request: ProviderAccount, response: CredentialStatusSchema },
  'credentials.test': {
    request: ProviderAccount.extend({ values: CredentialValuesSchema.optional() }).strict(),
    response: TestResultSchema,
  },
  'watches.list': { request: Empty, response: z.array(WatchSchema) },
  'watches.save': { request: WatchInputSchema, response: WatchSchema },
  'watches.delete': {
    request: z.object({ id: z.string().min(1).max(64) }).strict(),
    response: z.object({ deleted: z.boolean() }),
  },
  'watches.snooze': {
    request: z.object({ id: z.string().min(1).max(64), until: IsoDateSchema.nullable() }).strict(),
    response: WatchSchema,
  },
  'alerts.history': { request: Empty, response: z.array(AlertEventSchema) },
  'settings.get': { request: Empty, response: SettingsViewSchema },
  'settings.update': { request: SettingsPatchSchema, response: SettingsViewSchema },
  'notifications.pause': {
    request: z.object({ until: IsoDateSchema.nullable() }).strict(),
    response: SettingsViewSchema,
  },
  'app.openExternal': {
    request: z.object({ url: z.url().max(2048) }).strict(),
    response: z.object({ opened: z.boolean() }),
  },
  /** Alert channels: never the target back, only name, kind, label and the last delivery. */
  'channels.list': { request: Empty, response: z.array(ChannelInfoSchema) },
  /** The target travels renderer → core only (like credentials.set) and goes to the keychain. */
  'channels.save': {
    request: z.object({ name: ChannelNameSchema, target: z.string().min(1).max(4096) }).strict(),
    response: ChannelInfoSchema,
  },
  'channels.delete': {
    request: z.object({ name: ChannelNameSchema }).strict(),
    response: z.object({ deleted: z.boolean() }),
  },
  'channels.test': { request: z.object({ name: z.string().min(1).max(120) }).strict(), response: DeliveryRecordSchema },
  /** Availability episodes, heatmap, daily prices and last seen for one GPU (src/core/history). */
  'history.report': { request: HistoryQuerySchema, response: HistoryReportSchema },
  /** Sparkline prices, last seen and typical stay for the GPU models on screen, in one call. */
  'history.trends': { request: ModelTrendsQuerySchema, response: ModelTrendsSchema },
} as const;

/** Push events: core → window. */
export const eventChannels = {
  snapshot: SnapshotSchema,
  'snapshot.diff': SnapshotDiffSchema,
  alert: AlertEventSchema,
  /** A notification was clicked: show this offer. */
  'focus.offer': z.object({ offerId: z.string() }),
  'settings.changed': SettingsViewSchema,
} as const;

export type InvokeChannel = keyof typeof invokeChannels;
export type EventChannel = keyof typeof eventChannels;
export type InvokeRequest<C extends InvokeChannel> = z.input<(typeof invokeChannels)[C]['request']>;
export type InvokeResponse<C extends InvokeChannel> = z.output<(typeof invokeChannels)[C]['response']>;
export type EventPayload<E extends EventChannel> = z.output<(typeof eventChannels)[E]>;

export const INVOKE_CHANNELS = Object.keys(invokeChannels) as InvokeChannel[];
export const EVENT_CHANNELS = Object.keys(eventChannels) as EventChannel[];

/** What every handler returns across IPC / WebSocket: handlers never throw across the boundary. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: z.infer<typeof ErrorInfoSchema> };
export const resultSchema = <T extends z.ZodType>(value: T) =>
  z.discriminatedUnion('ok', [
    z.object({ ok: z.literal(true), value }),
    z.object({ ok: z.literal(false), error: ErrorInfoSchema }),
  ]);

/** WebSocket frames (browser mode). */
export const WsClientFrameSchema = lazySchema(() =>
  z.discriminatedUnion('type', [
    z.object({
      type: z.literal('invoke'),
      id: z.number().int().nonnegative(),
      channel: z.enum(INVOKE_CHANNELS as [InvokeChannel, ...InvokeChannel[]]),
      payload: z.unknown(),
    }),
    /**
     * "Push me the full snapshot now, and its diffs from then on." A page whose socket asked for
     * the preview first (`/ws?first=preview`) sends this once it has painted; the answer is the
     * snapshot event, then a result with that snapshot's `{ version }`.
     */
    z.object({ type: z.literal('subscribe'), id: z.number().int().nonnegative() }),
  ]),
);
export type WsClientFrame = z.infer<typeof WsClientFrameSchema>;
export type WsServerFrame =
  | { type: 'result'; id: number; result: Result<unknown> }
  | { type: 'event'; channel: EventChannel; payload: unknown }
  /**
   * The full snapshot as `cloudtop serve` pushes it: the offers packed (shared/snapshot/wire.ts),
   * to be unpacked, then validated with SnapshotSchema like any snapshot.
   */
  | { type: 'event'; channel: 'snapshot'; payload: PackedSnapshot; encoding: typeof PACKED_OFFERS_ENCODING }
  /**
   * Sent instead of the full snapshot when a socket opens with `first=preview`: what the grouped
   * Offers view paints first (shared/snapshot/preview.ts). Pushes start with a `subscribe` frame.
   */
  | { type: 'preview'; payload: SnapshotPreview };

/**
 * The API the renderer codes against. `IpcApi` (preload, desktop) and `WebSocketApi` (browser
 * mode) implement it. Methods reject with a CloudtopApiError carrying the ErrorInfo.
 */
export interface CloudtopApi {
  invoke<C extends InvokeChannel>(channel: C, request: InvokeRequest<C>): Promise<InvokeResponse<C>>;
  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export class CloudtopApiError extends Error {
  constructor(readonly info: z.infer<typeof ErrorInfoSchema>) {
    super(info.message);
    this.name = 'CloudtopApiError';
  }
}
