/**
 * Hetzner Cloud payloads → cloudtop model. Pure: no I/O, no clock.
 *
 * Servers from `/servers` (shape: hcloud-go hcloud/schema/server.go), metrics from
 * `/servers/{id}/metrics`: `{metrics: {step, time_series: {"cpu": {values: [[unix_s, "n"]]},
 * "network.0.bandwidth.in": …}}}`. Hetzner sells no GPU in its Cloud (GPU machines are dedicated
 * servers), so there are no offers here.
 */
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import { round, stateMap, validatePayload } from '../kit';
import { type MetricPoint, type MetricSeries, type Resource } from '../../../shared/model';

/** Who is answering, for the kit's one `bad_response` wording. */
const HETZNER = { provider: 'hetzner', displayName: 'Hetzner Cloud' } as const;

export const HetznerServerSchema = lazySchema(() =>
  z.looseObject({
    id: z.number().int(),
    name: z.string(),
    // Open: running | initializing | starting | stopping | off | deleting | migrating | rebuilding | unknown.
    status: z.string(),
    server_type: z.looseObject({
      name: z.string(),
      cores: z.number().nonnegative(),
      memory: z.number().nonnegative(),
      disk: z.number().nonnegative().nullish(),
    }),
    location: z.looseObject({ name: z.string(), country: z.string().nullish(), city: z.string().nullish() }),
    public_net: z.looseObject({ ipv4: z.looseObject({ ip: z.string() }).nullish() }).nullish(),
    labels: z.record(z.string(), z.string()).nullish(),
  }),
);
export type HetznerServer = z.infer<typeof HetznerServerSchema>;
const ServersPageSchema = lazySchema(() => z.looseObject({ servers: z.array(HetznerServerSchema) }));

export interface HetznerParseContext {
  account?: string;
  fetchedAt: string;
}

export const hetznerState = stateMap({
  running: ['running'],
  starting: ['initializing', 'starting', 'migrating', 'rebuilding'],
  stopping: ['stopping', 'deleting'],
  stopped: ['off'],
});

export function hetznerServerToModel(s: HetznerServer, ctx: HetznerParseContext): Resource {
  const meta: Resource['meta'] = {
    serverType: s.server_type.name,
    cores: s.server_type.cores,
    memoryGb: s.server_type.memory,
  };
  if (s.public_net?.ipv4?.ip) meta.ip = s.public_net.ipv4.ip;
  const labels = Object.entries(s.labels ?? {});
  if (labels.length) meta.labels = labels.map(([k, v]) => (v ? `${k}=${v}` : k)).join(', ');
  const r: Resource = {
    id: `hetzner:${s.id}`,
    provider: 'hetzner',
    kind: 'instance',
    name: s.name || String(s.id),
    region: s.location.name,
    state: hetznerState(s.status),
    stateRaw: s.status,
    meta,
    metrics: [],
    issues: [],
    fetchedAt: ctx.fetchedAt,
    consoleUrl: 'https://console.hetzner.cloud/projects',
  };
  if (ctx.account) r.account = ctx.account;
  return r;
}

export function parseHetznerServers(pages: unknown[], ctx: HetznerParseContext, where = 'GET /servers'): Resource[] {
  const out: Resource[] = [];
  pages.forEach((page, p) => {
    const body = validatePayload(ServersPageSchema, page, { ...HETZNER, what: `${where} (page ${p + 1})` });
    for (const s of body.servers) out.push(hetznerServerToModel(s, ctx));
  });
  return out;
}

const MetricsSchema = lazySchema(() =>
  z.looseObject({
    metrics: z.looseObject({
      step: z.number().positive(),
      time_series: z.record(z.string(), z.looseObject({ values: z.array(z.tuple([z.number(), z.string()])) })),
    }),
  }),
);

function series(values: [number, string][] | undefined, scale: number, cap?: number): MetricPoint[] {
  const out: MetricPoint[] = [];
  for (const [t, raw] of values ?? []) {
    const v = Number(raw);
    if (!Number.isFinite(v) || v < 0) continue;
    const scaled = round(v * scale, 2);
    out.push([Math.round(t * 1000), cap === undefined ? scaled : Math.min(cap, scaled)]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/**
 * CPU in percent of the whole server and public network in bytes/s. Hetzner's `cpu` counts 100 per
 * vCPU (the Cloud Console's CPU graph tops out at cores × 100 %): divided by `cores`. Network: the
 * `network.0.bandwidth.in/out` series (bytes/s) of the public interface.
 */
export function parseHetznerMetrics(body: unknown, cores: number | undefined, where: string): MetricSeries[] {
  const m = validatePayload(MetricsSchema, body, { ...HETZNER, what: where }).metrics;
  const stepMs = Math.round(m.step * 1000);
  const out: MetricSeries[] = [];
  const cpu = series(m.time_series.cpu?.values, 1 / Math.max(1, cores ?? 1), 100);
  if (cpu.length) out.push({ name: 'cpu_utilization', label: 'CPU', unit: 'percent', points: cpu, stepMs });
  const rx = series(m.time_series['network.0.bandwidth.in']?.values, 1);
  if (rx.length) out.push({ name: 'network_in', label: 'Network in (public)', unit: 'bytes/s', points: rx, stepMs });
  const tx = series(m.time_series['network.0.bandwidth.out']?.values, 1);
  if (tx.length) out.push({ name: 'network_out', label: 'Network out (public)', unit: 'bytes/s', points: tx, stepMs });
  return out;
}
