/**
 * Prometheus metrics for `cloudtop serve`, in their own Registry (never the global one, so two
 * servers in one process, or tests, do not collide). Gauges are computed from the current snapshot
 * at scrape time; the collector histogram is fed from each new snapshot's provider statuses.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ProviderStateSchema, type GpuOffer, type ProviderStatus, type Snapshot } from '../../shared/model';
import type { ChannelInfo } from '../../core/notify/hub';

const PROVIDER_STATES = ProviderStateSchema.options;

export interface ServerMetrics {
  registry: Registry;
  httpRequest(route: string, status: number): void;
  wsRequest(channel: string): void;
  wsError(channel: string, code: string): void;
  /** Records collector timings for provider polls that finished since the previous snapshot. */
  observeSnapshot(snapshot: Snapshot): void;
}

export function createMetrics(
  current: () => Snapshot,
  wsClients: () => number,
  channels: () => ChannelInfo[] = () => [],
): ServerMetrics {
  const registry = new Registry();
  const registers = [registry];

  /** A gauge per provider and GPU model, from a map keyed `provider\u0000model`. */
  const perModel = (name: string, help: string, values: (offers: GpuOffer[]) => Map<string, number>) =>
    new Gauge({
      name,
      help,
      labelNames: ['provider', 'model'] as const,
      registers,
      collect() {
        this.reset();
        for (const [k, v] of values(current().offers)) {
          const [provider, model] = k.split('\u0000') as [string, string];
          this.set({ provider, model }, v);
        }
      },
    });
  /** A gauge per provider account; an undefined value leaves the account out. */
  const perAccount = (name: string, help: string, value: (p: ProviderStatus, now: number) => number | undefined) =>
    new Gauge({
      name,
      help,
      labelNames: ['provider', 'account'] as const,
      registers,
      collect() {
        this.reset();
        const now = Date.now();
        for (const p of current().providers) {
          const v = value(p, now);
          if (v !== undefined) this.set({ provider: p.provider, account: p.account }, v);
        }
      },
    });
  const scalar = (name: string, help: string, value: () => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(value());
      },
    });
  const modelKey = (o: GpuOffer) => `${o.provider}\u0000${o.gpu.model}`;

  perModel('cloudtop_offers', 'GPU offers in the current snapshot, per provider and canonical GPU model', (offers) =>
    countBy(offers, modelKey),
  );
  perModel(
    'cloudtop_offers_available',
    'GPU offers that are available now (state available or low), per provider and GPU model',
    (offers) =>
      countBy(
        offers.filter((o) => o.availability.state === 'available' || o.availability.state === 'low'),
        modelKey,
      ),
  );
  perModel(
    'cloudtop_cheapest_usd_per_gpu_hour',
    'Cheapest price per GPU-hour among offers not marked unavailable, per provider and GPU model',
    (offers) => {
      const best = new Map<string, number>();
      for (const o of offers) {
        if (o.availability.state === 'none') continue;
        const prev = best.get(modelKey(o));
        if (prev === undefined || o.price.perGpuHour < prev) best.set(modelKey(o), o.price.perGpuHour);
      }
      return best;
    },
  );

  new Gauge({
    name: 'cloudtop_provider_state',
    help: 'Provider health: 1 for the current state of each provider account, 0 for the others',
    labelNames: ['provider', 'account', 'state'] as const,
    registers,
    collect() {
      this.reset();
      for (const p of current().providers) {
        for (const state of PROVIDER_STATES)
          this.set({ provider: p.provider, account: p.account, state }, p.state === state ? 1 : 0);
      }
    },
  });

  perAccount(
    'cloudtop_provider_stale',
    '1 when the data shown for a provider is older than its poll interval or the last poll failed',
    (p) => (p.stale ? 1 : 0),
  );
  perAccount(
    'cloudtop_provider_last_success_timestamp_seconds',
    'Unix time of the last successful poll per provider account',
    (p) => (p.lastSuccess ? Date.parse(p.lastSuccess) / 1000 : undefined),
  );

  new Gauge({
    name: 'cloudtop_resources',
    help: 'Cloud resources in the current snapshot per provider, kind and state',
    labelNames: ['provider', 'kind', 'state'] as const,
    registers,
    collect() {
      this.reset();
      for (const [k, n] of countBy(current().resources, (r) => `${r.provider}\u0000${r.kind}\u0000${r.state}`)) {
        const [provider, kind, state] = k.split('\u0000') as [string, string, string];
        this.set({ provider, kind, state }, n);
      }
    },
  });

  perAccount(
    'cloudtop_provider_rate_limit_used',
    "Requests in the provider account's current limiter window",
    (p) => p.rateLimit?.used,
  );
  perAccount(
    'cloudtop_provider_rate_limit_limit',
    "The limiter's cap per window for the provider account (at most half the documented limit)",
    (p) => p.rateLimit?.limit,
  );
  perAccount(
    'cloudtop_provider_rate_limit_blocked',
    '1 while the provider asked cloudtop to stay silent (Retry-After, a provider-wide block)',
    (p, now) => ((p.rateLimit?.blockedUntil ? Date.parse(p.rateLimit.blockedUntil) : 0) > now ? 1 : 0),
  );

  new Gauge({
    name: 'cloudtop_resource_metric',
    help: "Latest value of each resource metric series (CPU, requests, errors…), in the series' unit",
    labelNames: ['provider', 'kind', 'resource', 'metric', 'unit'] as const,
    registers,
    collect() {
      this.reset();
      for (const r of current().resources) {
        for (const m of r.metrics) {
          const last = m.points[m.points.length - 1];
          if (!last || !Number.isFinite(last[1])) continue;
          this.set({ provider: r.provider, kind: r.kind, resource: r.name, metric: m.name, unit: m.unit }, last[1]);
        }
      }
    },
  });

  new Gauge({
    name: 'cloudtop_channel_last_delivery_ok',
    help: 'Alert channels: 1 when the last delivery (alert, resolve or test) succeeded, 0 when it failed',
    labelNames: ['channel', 'kind'] as const,
    registers,
    collect() {
      this.reset();
      for (const c of channels()) if (c.last) this.set({ channel: c.name, kind: c.kind }, c.last.ok ? 1 : 0);
    },
  });

  scalar(
    'cloudtop_snapshot_version',
    'Version of the current snapshot (grows by one per change)',
    () => current().version,
  );
  scalar('cloudtop_ws_clients', 'Open browser connections', wsClients);

  const http = new Counter({
    name: 'cloudtop_http_requests_total',
    help: 'HTTP requests served, by route and status',
    labelNames: ['route', 'status'] as const,
    registers,
  });
  const wsReq = new Counter({
    name: 'cloudtop_ws_requests_total',
    help: 'WebSocket contract requests, by channel',
    labelNames: ['channel'] as const,
    registers,
  });
  const wsErr = new Counter({
    name: 'cloudtop_ws_request_errors_total',
    help: 'WebSocket contract requests answered with an error, by channel and error code',
    labelNames: ['channel', 'code'] as const,
    registers,
  });
  const duration = new Histogram({
    name: 'cloudtop_collector_duration_seconds',
    help: 'Duration of each provider poll (all its requests), as reported by the collector',
    labelNames: ['provider'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const upstream = new Counter({
    name: 'cloudtop_collector_requests_total',
    help: 'Requests sent to provider APIs by the collector',
    labelNames: ['provider'] as const,
    registers,
  });

  // A poll is counted once: when a provider's lastAttempt moves.
  const seenAttempt = new Map<string, string>();
  const observeSnapshot = (s: Snapshot) => {
    for (const p of s.providers) {
      const k = `${p.provider}/${p.account}`;
      if (!p.lastAttempt || seenAttempt.get(k) === p.lastAttempt) continue;
      seenAttempt.set(k, p.lastAttempt);
      if (p.lastDurationMs !== undefined) duration.observe({ provider: p.provider }, p.lastDurationMs / 1000);
      if (p.lastRequestCount) upstream.inc({ provider: p.provider }, p.lastRequestCount);
    }
  };
  observeSnapshot(current());

  return {
    registry,
    httpRequest: (route, status) => http.inc({ route, status: String(status) }),
    wsRequest: (channel) => wsReq.inc({ channel }),
    wsError: (channel, code) => wsErr.inc({ channel, code }),
    observeSnapshot,
  };
}

function countBy<T>(items: T[], key: (x: T) => string): Map<string, number> {
  const m = new Map<string, number>();
  for (const x of items) {
    const k = key(x);
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return m;
}
