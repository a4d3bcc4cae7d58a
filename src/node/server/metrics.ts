/**
 * Prometheus metrics for `cloudtop serve`, in their own Registry (never the global one, so two
 * servers in one process, or tests, do not collide). Gauges are computed from the current snapshot
 * at scrape time; the collector histogram is fed from each new snapshot's provider statuses.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { ProviderStateSchema, type Snapshot } from '../../shared/model';
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

  new Gauge({
    name: 'cloudtop_offers',
    help: 'GPU offers in the current snapshot, per provider and canonical GPU model',
    labelNames: ['provider', 'model'] as const,
    registers,
    collect() {
      this.reset();
      for (const [k, n] of countBy(current().offers, (o) => `${o.provider}\u0000${o.gpu.model}`)) {
        const [provider, model] = k.split('\u0000') as [string, string];
        this.set({ provider, model }, n);
      }
    },
  });

  new Gauge({
    name: 'cloudtop_offers_available',
    help: 'GPU offers that are available now (state available or low), per provider and GPU model',
    labelNames: ['provider', 'model'] as const,
    registers,
    collect() {
      this.reset();
      const avail = current().offers.filter(
        (o) => o.availability.state === 'available' || o.availability.state === 'low',
      );
      for (const [k, n] of countBy(avail, (o) => `${o.provider}\u0000${o.gpu.model}`)) {
        const [provider, model] = k.split('\u0000') as [string, string];
        this.set({ provider, model }, n);
      }
    },
  });

  new Gauge({
    name: 'cloudtop_cheapest_usd_per_gpu_hour',
    help: 'Cheapest price per GPU-hour among offers not marked unavailable, per provider and GPU model',
    labelNames: ['provider', 'model'] as const,
    registers,
    collect() {
      this.reset();
      const best = new Map<string, number>();
      for (const o of current().offers) {
        if (o.availability.state === 'none') continue;
        const k = `${o.provider}\u0000${o.gpu.model}`;
        const prev = best.get(k);
        if (prev === undefined || o.price.perGpuHour < prev) best.set(k, o.price.perGpuHour);
      }
      for (const [k, v] of best) {
        const [provider, model] = k.split('\u0000') as [string, string];
        this.set({ provider, model }, v);
      }
    },
  });

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

  new Gauge({
    name: 'cloudtop_provider_stale',
    help: '1 when the data shown for a provider is older than its poll interval or the last poll failed',
    labelNames: ['provider', 'account'] as const,
    registers,
    collect() {
      this.reset();
      for (const p of current().providers) this.set({ provider: p.provider, account: p.account }, p.stale ? 1 : 0);
    },
  });

  new Gauge({
    name: 'cloudtop_provider_last_success_timestamp_seconds',
    help: 'Unix time of the last successful poll per provider account',
    labelNames: ['provider', 'account'] as const,
    registers,
    collect() {
      this.reset();
      for (const p of current().providers) {
        if (p.lastSuccess) this.set({ provider: p.provider, account: p.account }, Date.parse(p.lastSuccess) / 1000);
      }
    },
  });

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

  new Gauge({
    name: 'cloudtop_provider_rate_limit_used',
    help: "Requests in the provider account's current limiter window",
    labelNames: ['provider', 'account'] as const,
    registers,
    collect() {
      this.reset();
      for (const p of current().providers) {
        if (p.rateLimit) this.set({ provider: p.provider, account: p.account }, p.rateLimit.used);
      }
    },
  });

  new Gauge({
    name: 'cloudtop_provider_rate_limit_limit',
    help: "The limiter's cap per window for the provider account (at most half the documented limit)",
    labelNames: ['provider', 'account'] as const,
    registers,
    collect() {
      this.reset();
      for (const p of current().providers) {
        if (p.rateLimit) this.set({ provider: p.provider, account: p.account }, p.rateLimit.limit);
      }
    },
  });

  new Gauge({
    name: 'cloudtop_provider_rate_limit_blocked',
    help: '1 while the provider asked cloudtop to stay silent (Retry-After, a provider-wide block)',
    labelNames: ['provider', 'account'] as const,
    registers,
    collect() {
      this.reset();
      const now = Date.now();
      for (const p of current().providers) {
        const until = p.rateLimit?.blockedUntil ? Date.parse(p.rateLimit.blockedUntil) : 0;
        this.set({ provider: p.provider, account: p.account }, until > now ? 1 : 0);
      }
    },
  });

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

  new Gauge({
    name: 'cloudtop_snapshot_version',
    help: 'Version of the current snapshot (grows by one per change)',
    registers,
    collect() {
      this.set(current().version);
    },
  });

  new Gauge({
    name: 'cloudtop_ws_clients',
    help: 'Open browser connections',
    registers,
    collect() {
      this.set(wsClients());
    },
  });

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
