/**
 * Renders snapshots for the terminal (table / wide) and as the documented JSON schema
 * (docs/json-output.md): `{takenAt, providers: […], offers: […] | resources: […]}`.
 */
import type { GpuOffer, ProviderStatus, Resource, Snapshot } from '../../shared/model';
import type { GpuModelGroup } from '../../shared/offers/group';
import type { Style } from './output/ansi';
import { renderTable, type Column } from './output/table';
import { ago, money, num } from './output/format';
import { billingLabel, quotaSummary, regionLabel } from '../../shared/format';

export const JSON_SCHEMA_VERSION = 1;

export function stateColour(style: Style, state: string): string {
  switch (state) {
    case 'ok':
    case 'available':
    case 'running':
      return style.green(state);
    case 'degraded':
    case 'low':
    case 'idle':
    case 'starting':
    case 'stopping':
      return style.yellow(state);
    case 'error':
    case 'none':
      return style.red(state);
    case 'listed':
      // Offered in a catalogue, capacity unknown: never green.
      return style.cyan(state);
    default:
      return style.dim(state);
  }
}

function providerColumns(style: Style, now: number): Column<ProviderStatus>[] {
  return [
    { header: 'PROVIDER', get: (p) => p.displayName },
    { header: 'ACCOUNT', get: (p) => p.account },
    {
      header: 'STATE',
      get: (p) => stateColour(style, p.state) + (p.stale && p.state !== 'unconfigured' ? style.yellow(' (stale)') : ''),
    },
    { header: 'OFFERS', get: (p) => String(p.offerCount), align: 'right' },
    { header: 'RESOURCES', get: (p) => String(p.resourceCount), align: 'right' },
    { header: 'LAST SUCCESS', get: (p) => ago(p.lastSuccess, now) },
    { header: 'NEXT POLL', get: (p) => (p.nextPoll ? ago(p.nextPoll, now) : '-'), wide: true },
    { header: 'REQUESTS', get: (p) => num(p.lastRequestCount), align: 'right', wide: true },
    {
      header: 'TOOK',
      get: (p) => (p.lastDurationMs !== undefined ? `${(p.lastDurationMs / 1000).toFixed(1)}s` : '-'),
      align: 'right',
      wide: true,
    },
    {
      header: 'RATE LIMIT',
      get: (p) =>
        p.rateLimit ? `${p.rateLimit.used}/${p.rateLimit.limit} per ${Math.round(p.rateLimit.windowMs / 1000)}s` : '-',
      wide: true,
    },
    {
      header: 'ERROR',
      get: (p) => (p.error ? `${p.error.message}${p.error.hint ? ` — ${p.error.hint}` : ''}` : ''),
      max: 70,
    },
  ];
}

/** `used/limit unit`, or in red what is short when the quota blocks a launch (its sentence: QUOTA DETAIL, JSON). */
function quotaCell(style: Style, o: GpuOffer): string {
  const q = quotaSummary(o);
  if (!q) return '-';
  return q.blocked ? style.red(q.text) : q.text;
}

/**
 * `lastSeen`: offer id → when its kind was last available (history, src/core/history) for offers
 * not available now; adds a LAST SEEN column when there is any.
 */
export function offerColumns(style: Style, now: number, lastSeen?: ReadonlyMap<string, string>): Column<GpuOffer>[] {
  const history: Column<GpuOffer>[] =
    lastSeen && lastSeen.size > 0
      ? [{ header: 'LAST SEEN', get: (o) => (lastSeen.has(o.id) ? ago(lastSeen.get(o.id), now) : '') }]
      : [];
  return [
    { header: 'GPU', get: (o) => o.gpu.model },
    { header: 'N', get: (o) => String(o.gpu.count), align: 'right' },
    { header: 'VRAM', get: (o) => (o.gpu.vramGb ? `${o.gpu.vramGb}G` : '-'), align: 'right' },
    { header: '$/GPU-H', get: (o) => money(o.price.perGpuHour), align: 'right' },
    { header: '$/H', get: (o) => money(o.price.perHour), align: 'right' },
    { header: 'PROVIDER', get: (o) => o.provider },
    { header: 'REGION', get: (o) => regionLabel(o.region), max: 28 },
    {
      header: 'AVAIL',
      get: (o) =>
        stateColour(style, o.availability.state) +
        (o.availability.count !== undefined ? ` ${o.availability.count}` : ''),
    },
    ...history,
    // With the cloud tier on the markets that have two ("interruptible · secure"): RunPod's two clouds otherwise print as the same row.
    { header: 'BILLING', get: (o) => billingLabel(o.price.billing, o.cloud, o.provider) },
    { header: 'QUOTA', get: (o) => quotaCell(style, o), max: 40, omitWhenAll: '-' },
    // The provider's own sentence when the quota blocks the offer, else the quota's name: what to ask an increase of.
    { header: 'QUOTA DETAIL', get: (o) => o.quota?.reason ?? o.quota?.name ?? '-', wide: true, omitWhenAll: '-' },
    {
      header: 'REL',
      get: (o) => (o.quality.reliability !== undefined ? `${(o.quality.reliability * 100).toFixed(0)}%` : '-'),
      align: 'right',
    },
    { header: 'RAW NAME', get: (o) => o.gpu.rawName, wide: true },
    { header: 'VCPU', get: (o) => num(o.specs.vcpus), align: 'right', wide: true },
    {
      header: 'RAM',
      get: (o) => (o.specs.ramGb !== undefined ? `${num(o.specs.ramGb)}G` : '-'),
      align: 'right',
      wide: true,
    },
    {
      header: 'DISK',
      get: (o) => (o.specs.diskGb !== undefined ? `${num(o.specs.diskGb)}G` : '-'),
      align: 'right',
      wide: true,
    },
    { header: 'AGE', get: (o) => ago(o.fetchedAt, now), wide: true },
    { header: 'ID', get: (o) => o.id, wide: true },
  ];
}

function latestMetrics(r: Resource): string {
  return r.metrics
    .map((m) => {
      const last = m.points[m.points.length - 1];
      if (!last) return m.note ? `${m.label ?? m.name}=${m.note}` : undefined;
      const v = last[1];
      const shown = formatMetric(v, m.unit);
      return `${m.label ?? m.name}=${shown}`;
    })
    .filter(Boolean)
    .join(' ');
}

/** A metric value with its unit, short enough for a table cell. */
function formatMetric(v: number, unit: string): string {
  const n = Number.isInteger(v) ? String(v) : v.toFixed(2);
  switch (unit) {
    case 'percent':
      return `${v.toFixed(0)}%`;
    case 'bytes':
      return bytes(v);
    case 'bytes/s':
      return `${bytes(v)}/s`;
    case 'ms':
      return `${n}ms`;
    case 'seconds':
    case 's':
      return `${n}s`;
    default:
      return n;
  }
}

function bytes(v: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v >= 10 || i === 0 ? 0 : 1)}${units[i]}`;
}

export function resourceColumns(style: Style): Column<Resource>[] {
  return [
    { header: 'PROVIDER', get: (r) => r.provider },
    { header: 'KIND', get: (r) => r.kind },
    { header: 'NAME', get: (r) => r.name, max: 40 },
    { header: 'REGION', get: (r) => r.region ?? '-' },
    { header: 'STATE', get: (r) => stateColour(style, r.state) },
    { header: 'METRICS', get: (r) => latestMetrics(r) || '-', max: 60 },
    { header: 'ISSUES', get: (r) => r.issues.map((i) => i.message).join('; '), max: 50 },
    { header: 'ACCOUNT', get: (r) => r.account ?? 'default', wide: true },
    { header: 'ID', get: (r) => r.id, wide: true },
  ];
}

export function renderProviders(snap: Snapshot, style: Style, wide: boolean, now: number): string {
  return renderTable(snap.providers, providerColumns(style, now), { wide });
}

/** JSON resources carry the latest value per metric next to the points (issue #3 item 6). */
export function resourceJson(r: Resource): Record<string, unknown> {
  return {
    ...r,
    metrics: r.metrics.map((m) => ({ ...m, latest: m.points.length ? m.points[m.points.length - 1]![1] : null })),
  };
}

export function jsonDocument(
  snap: Snapshot,
  body: { offers?: GpuOffer[]; groups?: GpuModelGroup[]; resources?: Resource[] },
): string {
  const doc: Record<string, unknown> = {
    schemaVersion: JSON_SCHEMA_VERSION,
    takenAt: snap.takenAt,
    demo: snap.demo,
    providers: snap.providers,
  };
  if (body.offers) doc.offers = body.offers;
  if (body.groups) doc.groups = body.groups;
  if (body.resources) doc.resources = body.resources.map(resourceJson);
  return JSON.stringify(doc, null, 2) + '\n';
}
