/**
 * What Enter shows: every field of the selected offer, resource, alert or provider as `path: value`
 * lines, with its console link first. Pure (the Details overlay renders the lines).
 */
import { alertHistoryLine } from '../../shared/history/text';
import type { AlertEvent, GpuOffer, ProviderInfo, ProviderStatus, Resource } from '../../shared/model';
import { latestValue } from '../../shared/metrics';
import { money } from '../cli/output/format';
import { billingLabel, countOf, quotaSummary } from '../../shared/format';

export interface DetailLine {
  label: string;
  value: string;
  /** A heading line (value empty). */
  heading?: boolean;
}

export interface DetailsDoc {
  title: string;
  link?: string;
  lines: DetailLine[];
}

/** Flattens an object to `a.b[0].c: value` lines (arrays of scalars joined). */
export function flatten(value: unknown, prefix = '', out: DetailLine[] = []): DetailLine[] {
  if (value === null || value === undefined) return out;
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) {
      if (value.length) out.push({ label: prefix, value: value.join(', ') });
      return out;
    }
    value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
    return out;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      flatten(v, prefix ? `${prefix}.${k}` : k, out);
    return out;
  }
  out.push({ label: prefix, value: String(value) });
  return out;
}

const heading = (label: string): DetailLine => ({ label, value: '', heading: true });

export function offerDetails(model: string, offers: readonly GpuOffer[]): DetailsDoc {
  const [cheapest, ...others] = offers;
  if (!cheapest) return { title: model, lines: [{ label: 'offers', value: 'none match the filter' }] };
  const lines: DetailLine[] = [heading(`Cheapest of ${countOf(offers.length, 'offer')}`)];
  flatten(cheapest, '', lines);
  if (others.length) {
    lines.push(heading('Other offers, cheapest first'));
    for (const o of others.slice(0, 200)) {
      const quota = quotaSummary(o);
      lines.push({
        label: `${o.provider} ${o.region.id}`,
        value: `${o.gpu.count}x ${money(o.price.perGpuHour)}/GPU-h (${money(o.price.perHour)}/h) ${billingLabel(o.price.billing, o.cloud, o.provider)} ${o.availability.state}${quota?.blocked ? ` (${quota.text})` : ''}${o.consoleUrl ? `  ${o.consoleUrl}` : ''}`,
      });
    }
    if (others.length > 200) lines.push({ label: '...', value: `${others.length - 200} more` });
  }
  return { title: `${model} · ${cheapest.provider} ${cheapest.region.id}`, link: cheapest.consoleUrl, lines };
}

export function resourceDetails(r: Resource): DetailsDoc {
  const { metrics, ...rest } = r;
  const lines = flatten(rest);
  if (metrics.length) {
    lines.push(heading('Metrics (latest)'));
    for (const m of metrics) {
      const v = latestValue(m);
      lines.push({
        label: m.label ?? m.name,
        value: `${v === undefined ? '-' : Number(v.toFixed(2))} ${m.unit} (${countOf(m.points.length, 'point')})`,
      });
    }
  }
  return { title: `${r.name} · ${r.provider} ${r.kind}`, link: r.consoleUrl, lines };
}

export function alertDetails(e: AlertEvent): DetailsDoc {
  // The alert's line of history first, in the words of every other face (shared/history/text.ts).
  const stay = e.offers[0] ? alertHistoryLine(e.offers[0]) : undefined;
  return {
    title: `${e.kind} · ${e.watchName}`,
    link: e.offers.find((o) => o.consoleUrl)?.consoleUrl,
    lines: [...(stay ? [{ label: 'history', value: stay }] : []), ...flatten(e)],
  };
}

export function providerDetails(s: ProviderStatus, info: ProviderInfo | undefined): DetailsDoc {
  const lines = flatten(s);
  if (info) {
    lines.push(heading('Provider'));
    lines.push({ label: 'documented rate limit', value: info.rateLimit.documented });
    lines.push({ label: 'default poll', value: `${Math.round(info.defaultPollMs / 1000)}s` });
    if (info.docsUrl) lines.push({ label: 'docs', value: info.docsUrl });
  }
  return { title: `${s.displayName} · ${s.account}`, link: info?.consoleUrl, lines };
}
