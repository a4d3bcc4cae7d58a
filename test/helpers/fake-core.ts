/**
 * An in-memory `Core` for server, renderer and e2e tests: deterministic offers, a few resources with
 * metric series, secrets kept in a Map (only CredentialStatus ever leaves it), watches that fire on
 * offers added through `addOffers`, and knobs to break a provider. It implements the real `Core`
 * interface, so whatever the server does with it, it could do with `createCore`.
 */
import type { HistoryReader } from '../../src/core/history';
import { withTypicalStay } from '../../src/core/history/alert-line';
import type { Core } from '../../src/core/types';
import { seededRandom as rng } from '../../src/sim/common/http-sim';
import { ChannelHub } from '../../src/core/notify/hub';
import { realClock } from '../../src/core/collector/clock';
import { MemorySecretStore } from '../../src/core/secrets/memory-store';
import type { SavedChannel } from '../../src/shared/model';
import {
  PROVIDER_IDS,
  type AlertEvent,
  type CredentialStatus,
  type ErrorInfo,
  type GpuOffer,
  type OfferFilter,
  type ProviderId,
  type ProviderInfo,
  type ProviderStatus,
  type Resource,
  type Snapshot,
  type SnapshotDiff,
  type Watch,
  type WatchInput,
} from '../../src/shared/model';
import { CloudtopError } from '../../src/shared/model/errors';
import { SettingsSchema, defaultSettings, type SettingsPatch, type Settings } from '../../src/shared/settings/schema';
import type { SettingsView, TestResult } from '../../src/shared/ipc/contract';

const field = (name: string, label: string, secret: boolean, extra: Record<string, unknown> = {}) => ({
  name,
  label,
  secret,
  optional: false,
  ...extra,
});

export const FAKE_PROVIDERS: ProviderInfo[] = [
  info('vastai', 'Vast.ai', 'gpu-market', [field('apiKey', 'API key', true)], 'https://cloud.vast.ai'),
  info('runpod', 'RunPod', 'gpu-market', [field('apiKey', 'API key', true)], 'https://www.runpod.io/console'),
  info('lambda', 'Lambda', 'gpu-market', [field('apiKey', 'API key', true)], 'https://cloud.lambda.ai'),
  info(
    'oci',
    'Oracle Cloud',
    'cloud',
    [
      field('tenancy', 'Tenancy OCID', false),
      field('user', 'User OCID', false),
      field('fingerprint', 'Key fingerprint', false),
      field('privateKey', 'Private key (PEM)', true, { multiline: true }),
      field('region', 'Region', false),
    ],
    'https://cloud.oracle.com',
  ),
  info(
    'cloudflare',
    'Cloudflare',
    'cloud',
    [field('apiToken', 'API token', true), field('accountId', 'Account ID', false)],
    'https://dash.cloudflare.com',
  ),
  info('neon', 'Neon', 'cloud', [field('apiKey', 'API key', true)], 'https://console.neon.tech'),
];

function info(
  id: ProviderId,
  displayName: string,
  kind: ProviderInfo['kind'],
  credentialFields: ProviderInfo['credentialFields'],
  consoleUrl: string,
): ProviderInfo {
  return {
    id,
    displayName,
    kind,
    capabilities: {
      offers: kind === 'gpu-market' || id === 'oci',
      resources: kind === 'cloud',
      metrics: kind === 'cloud',
    },
    credentialFields,
    rateLimit: { documented: '1 request/s', intervalMs: 2000, intervalCap: 1 },
    defaultPollMs: 60_000,
    consoleUrl,
    defaultBaseUrl: consoleUrl,
  };
}

const MODELS: { model: string; family: string; vramGb: number; base: number }[] = [
  { model: 'H100-SXM', family: 'H100', vramGb: 80, base: 2.4 },
  { model: 'H100-PCIE', family: 'H100', vramGb: 80, base: 2.0 },
  { model: 'H200', family: 'H200', vramGb: 141, base: 3.2 },
  { model: 'A100-80GB', family: 'A100', vramGb: 80, base: 1.4 },
  { model: 'A100-40GB', family: 'A100', vramGb: 40, base: 1.0 },
  { model: 'L40S', family: 'L40S', vramGb: 48, base: 0.9 },
  { model: 'RTX-4090', family: 'RTX-4090', vramGb: 24, base: 0.35 },
  { model: 'RTX-3090', family: 'RTX-3090', vramGb: 24, base: 0.2 },
  { model: 'RTX-A6000', family: 'RTX-A6000', vramGb: 48, base: 0.5 },
];
const REGIONS = [
  { id: 'us-ca', country: 'US' },
  { id: 'us-tx', country: 'US' },
  { id: 'eu-de', country: 'DE' },
  { id: 'eu-nl', country: 'NL' },
  { id: 'ap-jp', country: 'JP' },
];
const MARKETS: ProviderId[] = ['vastai', 'runpod', 'lambda', 'oci'];

export interface MakeOfferOptions {
  provider?: ProviderId;
  model?: string;
  count?: number;
  perGpuHour?: number;
  region?: string;
  fetchedAt?: string;
}

/** One offer; `i` makes the id and the pseudo-random parts deterministic. */
export function makeOffer(i: number, opts: MakeOfferOptions = {}): GpuOffer {
  const r = rng(i * 7919 + 17);
  const m = MODELS.find((x) => x.model === opts.model) ?? MODELS[Math.floor(r() * MODELS.length)]!;
  const provider = opts.provider ?? MARKETS[i % MARKETS.length]!;
  const count = opts.count ?? [1, 1, 2, 4, 8][Math.floor(r() * 5)]!;
  const perGpuHour = opts.perGpuHour ?? Math.round(m.base * (0.7 + r() * 0.8) * 1000) / 1000;
  const region = REGIONS.find((x) => x.id === opts.region) ?? REGIONS[Math.floor(r() * REGIONS.length)]!;
  const billing = provider === 'vastai' && r() < 0.4 ? 'interruptible' : 'on-demand';
  const avail = r();
  return {
    id: `${provider}:${i}`,
    provider,
    nativeId: String(i),
    gpu: {
      model: m.model,
      family: m.family,
      rawName: `NVIDIA ${m.model.replace('-', ' ')}`,
      vendor: 'nvidia',
      vramGb: m.vramGb,
      count,
    },
    price: { perHour: Math.round(perGpuHour * count * 1000) / 1000, perGpuHour, currency: 'USD', billing },
    cloud: provider === 'vastai' || provider === 'runpod' ? (r() < 0.5 ? 'secure' : 'community') : undefined,
    availability: { state: avail < 0.75 ? 'available' : avail < 0.9 ? 'low' : 'none', count: Math.floor(r() * 10) },
    region: { id: region.id, country: region.country },
    specs: { vcpus: 8 * count, ramGb: 64 * count, diskGb: 200 },
    quality:
      provider === 'vastai' ? { reliability: Math.round((0.9 + r() * 0.1) * 1000) / 1000, verified: r() < 0.7 } : {},
    fetchedAt: opts.fetchedAt ?? '2026-01-01T00:00:00.000Z',
    consoleUrl: `https://console.example.com/${provider}/${i}`,
  };
}

function series(name: string, unit: string, n: number, seed: number, now: number): Resource['metrics'][number] {
  const r = rng(seed);
  return {
    name,
    unit,
    label: name,
    points: Array.from({ length: n }, (_, k) => [now - (n - k) * 60_000, Math.round(r() * 1000) / 10]),
  };
}

function makeResources(at: string): Resource[] {
  const now = Date.parse(at);
  return [
    {
      id: 'cloudflare:worker-api',
      provider: 'cloudflare',
      kind: 'worker',
      name: 'api-worker',
      state: 'running',
      meta: { routes: 2 },
      metrics: [series('requests', 'count', 30, 1, now), series('errors', 'count', 30, 2, now)],
      issues: [],
      fetchedAt: at,
    },
    {
      id: 'cloudflare:bucket-assets',
      provider: 'cloudflare',
      kind: 'bucket',
      name: 'assets',
      state: 'running',
      meta: {},
      metrics: [],
      issues: [
        {
          code: 'forbidden',
          message: 'Bucket metrics need the Account Analytics Read permission',
          retryable: false,
          hint: 'Add "Account Analytics: Read" to the API token',
        },
      ],
      fetchedAt: at,
    },
    {
      id: 'neon:ep-1',
      provider: 'neon',
      kind: 'compute-endpoint',
      name: 'ep-main-compute',
      region: 'aws-us-east-2',
      state: 'idle',
      meta: { autoscaling: '0.25–2 CU' },
      metrics: [series('cpu_utilization', 'percent', 30, 3, now)],
      issues: [],
      fetchedAt: at,
    },
    {
      id: 'oci:instance-1',
      provider: 'oci',
      kind: 'gpu-instance',
      name: 'trainer-1',
      region: 'eu-frankfurt-1',
      state: 'running',
      meta: { shape: 'VM.GPU.A10.1' },
      metrics: [series('cpu_utilization', 'percent', 30, 4, now), series('memory_utilization', 'percent', 30, 5, now)],
      issues: [],
      fetchedAt: at,
    },
  ];
}

export interface FakeCoreOptions {
  offers?: number;
  demo?: boolean;
  /** Wall clock used for fetchedAt / lastSuccess; the e2e uses real time so "x min ago" reads well. */
  now?: () => number;
  providers?: ProviderInfo[];
}

const key = (provider: string, account: string) => `${provider}/${account}`;

export class FakeCore implements Core {
  /** History answers (src/core/history); specs plant a filled in-memory store here. */
  history?: HistoryReader;
  /** Every secret value ever stored; tests grep outputs for these. */
  readonly secrets = new Map<string, Record<string, string>>();
  readonly calls: string[] = [];
  /** Window-saved channels (settings side) and their targets (keychain side), as in the real core. */
  savedChannels: SavedChannel[] = [];
  readonly channelSecrets = new MemorySecretStore();
  readonly channels = new ChannelHub({
    clock: realClock,
    saved: {
      secrets: this.channelSecrets,
      list: () => this.savedChannels,
      save: (list) => {
        this.savedChannels = list;
      },
    },
  });
  started = false;
  private snap: Snapshot;
  private readonly snapshotListeners = new Set<(s: Snapshot, d: SnapshotDiff) => void>();
  private readonly alertListeners = new Set<(e: AlertEvent) => void>();
  private watchList: Watch[] = [];
  private alertLog: AlertEvent[] = [];
  private settingsView: SettingsView;
  private seq = 0;
  private readonly now: () => number;
  private readonly infos: ProviderInfo[];

  constructor(opts: FakeCoreOptions = {}) {
    this.now = opts.now ?? (() => Date.parse('2026-01-01T00:05:00.000Z'));
    this.infos = opts.providers ?? FAKE_PROVIDERS;
    const at = new Date(this.now()).toISOString();
    const offers = Array.from({ length: opts.offers ?? 200 }, (_, i) => makeOffer(i, { fetchedAt: at }));
    const resources = makeResources(at);
    this.snap = {
      version: 1,
      takenAt: at,
      providers: this.infos.map((p) => this.status(p, offers, resources, at)),
      offers,
      resources,
      demo: opts.demo ?? false,
    };
    this.settingsView = { settings: defaultSettings(), path: '/tmp/cloudtop-fake/settings.json', issues: [] };
  }

  private status(p: ProviderInfo, offers: GpuOffer[], resources: Resource[], at: string): ProviderStatus {
    return {
      provider: p.id,
      account: 'default',
      displayName: p.displayName,
      kind: p.kind,
      state: 'ok',
      lastSuccess: at,
      lastAttempt: at,
      nextPoll: new Date(Date.parse(at) + p.defaultPollMs).toISOString(),
      stale: false,
      rateLimit: { used: 1, limit: p.rateLimit.intervalCap, windowMs: p.rateLimit.intervalMs },
      lastRequestCount: 1,
      lastDurationMs: 120,
      offerCount: offers.filter((o) => o.provider === p.id).length,
      resourceCount: resources.filter((r) => r.provider === p.id).length,
    };
  }

  // ---- test controls -------------------------------------------------------------------------

  /** Replaces the snapshot, computes the diff, notifies listeners; returns the diff. */
  update(mutate: (s: Snapshot) => Omit<Snapshot, 'version' | 'takenAt'>): SnapshotDiff {
    const prev = this.snap;
    const next: Snapshot = { ...mutate(prev), version: prev.version + 1, takenAt: new Date(this.now()).toISOString() };
    const diff = diffSnapshots(prev, next);
    this.snap = next;
    for (const l of this.snapshotListeners) l(next, diff);
    return diff;
  }

  /** Adds offers (as a poll would) and fires `appeared` alerts for enabled watches that match. */
  addOffers(offers: GpuOffer[]): SnapshotDiff {
    const diff = this.update((s) => ({
      ...s,
      offers: [...s.offers, ...offers],
      providers: s.providers.map((p) => ({
        ...p,
        offerCount: p.offerCount + offers.filter((o) => o.provider === p.provider).length,
      })),
    }));
    for (const w of this.watchList) {
      if (!w.enabled || (w.snoozedUntil && Date.parse(w.snoozedUntil) > this.now())) continue;
      const hits = offers.filter((o) => matches(o, w.filter));
      if (!hits.length) continue;
      // Like createCore: the alert carries its line of history when there is a history store.
      const [event] = withTypicalStay(
        [alertFor(w, hits, ++this.seq, new Date(this.now()).toISOString())],
        this.history,
      );
      this.emitAlert(event!);
    }
    return diff;
  }

  /** Marks a provider as failing: its last good data stays, flagged stale, next to the error. */
  failProvider(provider: ProviderId, error: ErrorInfo): SnapshotDiff {
    return this.update((s) => ({
      ...s,
      providers: s.providers.map((p) =>
        p.provider === provider
          ? { ...p, state: 'error', stale: true, error, lastAttempt: new Date(this.now()).toISOString() }
          : p,
      ),
    }));
  }

  emitAlert(event: AlertEvent): void {
    this.alertLog = [event, ...this.alertLog].slice(0, 200);
    for (const l of this.alertListeners) l(event);
  }

  setSettingsIssues(issues: SettingsView['issues']): void {
    this.settingsView = { ...this.settingsView, issues };
  }

  // ---- Core ----------------------------------------------------------------------------------

  start(): void {
    this.started = true;
  }
  async stop(): Promise<void> {
    this.started = false;
  }
  async refresh(opts?: { providers?: ProviderId[] }): Promise<Snapshot> {
    this.calls.push(`refresh:${(opts?.providers ?? []).join(',')}`);
    this.update((s) => s);
    return this.snap;
  }
  snapshot(): Snapshot {
    return this.snap;
  }
  onSnapshot(listener: (snapshot: Snapshot, diff: SnapshotDiff) => void): () => void {
    this.snapshotListeners.add(listener);
    return () => this.snapshotListeners.delete(listener);
  }
  onAlert(listener: (event: AlertEvent) => void): () => void {
    this.alertListeners.add(listener);
    return () => this.alertListeners.delete(listener);
  }
  suspend(): void {}
  resume(): void {}
  providers(): ProviderInfo[] {
    return this.infos;
  }
  async configuredProviders(): Promise<ProviderId[]> {
    return PROVIDER_IDS.filter((p) => this.secrets.has(key(p, 'default')));
  }

  credentials = {
    status: async (provider: ProviderId, account = 'default'): Promise<CredentialStatus> =>
      this.credStatus(provider, account),
    set: async (provider: ProviderId, account: string, values: Record<string, string>): Promise<CredentialStatus> => {
      this.calls.push(`credentials.set:${provider}`);
      const fields = this.fieldsOf(provider);
      for (const name of Object.keys(values)) {
        if (!fields.some((f) => f.name === name))
          throw new CloudtopError('config', `Unknown credential field for ${provider}`);
      }
      this.secrets.set(key(provider, account), { ...this.secrets.get(key(provider, account)), ...values });
      return this.credStatus(provider, account);
    },
    delete: async (provider: ProviderId, account: string): Promise<CredentialStatus> => {
      this.secrets.delete(key(provider, account));
      return this.credStatus(provider, account);
    },
    test: async (provider: ProviderId, account: string, values?: Record<string, string>): Promise<TestResult> => {
      const v = values ?? this.secrets.get(key(provider, account)) ?? {};
      const anySecret = Object.values(v).some((x) => x.length > 0);
      if (!anySecret) {
        return {
          ok: false,
          error: { code: 'auth', message: `No credentials for ${provider}`, retryable: false, provider },
        };
      }
      if (Object.values(v).some((x) => x.includes('bad'))) {
        return {
          ok: false,
          error: {
            code: 'auth',
            message: `${provider} rejected the credentials (401)`,
            retryable: false,
            provider,
            hint: 'Check the key',
          },
        };
      }
      return { ok: true, detail: `Connected to ${provider} as default` };
    },
  };

  watches = {
    list: (): Watch[] => this.watchList,
    save: (input: WatchInput): Watch => {
      const existing = input.id ? this.watchList.find((w) => w.id === input.id) : undefined;
      const watch: Watch = {
        ...input,
        id: existing?.id ?? input.id ?? `w${++this.seq}`,
        createdAt: existing?.createdAt ?? new Date(this.now()).toISOString(),
      };
      this.watchList = existing
        ? this.watchList.map((w) => (w.id === watch.id ? watch : w))
        : [...this.watchList, watch];
      return watch;
    },
    delete: (id: string): boolean => {
      const before = this.watchList.length;
      this.watchList = this.watchList.filter((w) => w.id !== id);
      return this.watchList.length < before;
    },
    snooze: (id: string, until: string | null): Watch => {
      const w = this.watchList.find((x) => x.id === id);
      if (!w) throw new CloudtopError('not_found', `No watch with id ${id}`);
      const next: Watch = { ...w };
      if (until) next.snoozedUntil = until;
      else delete next.snoozedUntil;
      this.watchList = this.watchList.map((x) => (x.id === id ? next : x));
      return next;
    },
    history: (): AlertEvent[] => this.alertLog,
  };

  settings = {
    view: (): SettingsView => this.settingsView,
    update: (patch: SettingsPatch): SettingsView => {
      const s = this.settingsView.settings;
      const merged: Settings = SettingsSchema.parse({
        ...s,
        ...patch,
        notifications: { ...s.notifications, ...patch.notifications },
        providers: Object.fromEntries(PROVIDER_IDS.map((id) => [id, { ...s.providers[id], ...patch.providers?.[id] }])),
        ui: { ...s.ui, ...patch.ui },
        history: { ...s.history, ...patch.history },
      });
      this.settingsView = { ...this.settingsView, settings: merged };
      return this.settingsView;
    },
    pauseNotifications: (until: string | null): SettingsView => {
      const notifications = { ...this.settingsView.settings.notifications };
      if (until) notifications.pausedUntil = until;
      else delete notifications.pausedUntil;
      this.settingsView = { ...this.settingsView, settings: { ...this.settingsView.settings, notifications } };
      return this.settingsView;
    },
  };

  private fieldsOf(provider: ProviderId) {
    return this.infos.find((p) => p.id === provider)?.credentialFields ?? [];
  }

  private credStatus(provider: ProviderId, account: string): CredentialStatus {
    const stored = this.secrets.get(key(provider, account)) ?? {};
    const fields = this.fieldsOf(provider).map((f) => {
      const v = stored[f.name];
      if (!v) return { name: f.name, configured: false, source: 'none' as const };
      return { name: f.name, configured: true, source: 'keychain' as const, hint: f.secret ? `…${v.slice(-4)}` : v };
    });
    return { provider, account, fields, configured: fields.length > 0 && fields.every((f) => f.configured) };
  }
}

/**
 * A deliberately simple matcher (the real one is src/shared/filter): enough for the fields tests and
 * the e2e watch scenario use, kept here so the fake does not depend on code under test.
 */
function matches(o: GpuOffer, f: OfferFilter): boolean {
  if (f.gpu?.length && !f.gpu.some((g) => [o.gpu.model, o.gpu.family].some((m) => m.toUpperCase() === g.toUpperCase())))
    return false;
  if (f.minCount !== undefined && o.gpu.count < f.minCount) return false;
  if (f.maxPricePerGpuHour !== undefined && o.price.perGpuHour > f.maxPricePerGpuHour) return false;
  if (f.maxPricePerHour !== undefined && o.price.perHour > f.maxPricePerHour) return false;
  if (f.providers?.length && !f.providers.includes(o.provider)) return false;
  const avail = f.availability ?? ['available', 'low'];
  return avail.includes(o.availability.state);
}

function alertFor(w: Watch, offers: GpuOffer[], seq: number, at: string): AlertEvent {
  return {
    id: `a${seq}`,
    watchId: w.id,
    watchName: w.name,
    kind: 'appeared',
    at,
    suppressed: false,
    offers: offers.map((o) => ({
      offerId: o.id,
      provider: o.provider,
      model: o.gpu.model,
      count: o.gpu.count,
      perGpuHour: o.price.perGpuHour,
      perHour: o.price.perHour,
      region: o.region.id,
      consoleUrl: o.consoleUrl,
    })),
  };
}

/** Id-keyed diff (structural equality by JSON) between two snapshots. */
export function diffSnapshots(prev: Snapshot, next: Snapshot): SnapshotDiff {
  const part = <T extends { id: string }>(a: T[], b: T[]) => {
    const before = new Map(a.map((x) => [x.id, x]));
    const after = new Map(b.map((x) => [x.id, x]));
    return {
      added: b.filter((x) => !before.has(x.id)),
      updated: b.filter((x) => before.has(x.id) && JSON.stringify(before.get(x.id)) !== JSON.stringify(x)),
      removed: a.filter((x) => !after.has(x.id)).map((x) => x.id),
    };
  };
  return {
    fromVersion: prev.version,
    toVersion: next.version,
    takenAt: next.takenAt,
    providers: next.providers,
    offers: part(prev.offers, next.offers),
    resources: part(prev.resources, next.resources),
    demo: next.demo,
  };
}
