/**
 * Alert wording for every face: desktop notifications (src/shared/notify/text.ts builds on it), browser
 * notifications, the watch history in the window and in `cloudtop watch`. Provider names come from the
 * descriptors (passed in as `providerNames`, id → display name); the id is only a fallback.
 */
import type { AlertEvent, AlertOfferRef, GpuOffer } from '../model';
import { formatPerGpuHour } from './money';
import { alertHistoryLine } from '../history/text';

export type ProviderNames = Readonly<Record<string, string>>;

/** id → display name from what the descriptors publish (`providers.list`, `cloudtop providers`). */
export function providerNamesFrom(list: ReadonlyArray<{ id: string; displayName: string }>): ProviderNames {
  return Object.fromEntries(list.map((p) => [p.id, p.displayName]));
}

export function providerName(names: ProviderNames | undefined, id: string): string {
  return names?.[id] ?? id;
}

/** `available`, `price drop`, `gone`. */
export function alertVerb(kind: AlertEvent['kind']): string {
  return kind === 'appeared' ? 'available' : kind === 'price-drop' ? 'price drop' : 'gone';
}

/** `1× H100 $2.49/GPU·h on Vast.ai (us-east)`. */
export function alertOfferLine(
  o: Pick<AlertOfferRef, 'count' | 'model' | 'perGpuHour' | 'provider' | 'region'>,
  names?: ProviderNames,
): string {
  return `${o.count}× ${o.model} ${formatPerGpuHour(o.perGpuHour)} on ${providerName(names, o.provider)} (${o.region})`;
}

/** The same line for an offer itself, not an alert's reference to one (the empty answer's "the cheapest …"). */
export function offerLine(o: GpuOffer, names?: ProviderNames): string {
  return alertOfferLine(
    {
      count: o.gpu.count,
      model: o.gpu.model,
      perGpuHour: o.price.perGpuHour,
      provider: o.provider,
      region: o.region.id,
    },
    names,
  );
}

/**
 * Title and body for an alert: `Cheap H100: available` / `1× H100 $2.49/GPU·h on Vast.ai (us-east) +2 more`,
 * plus a second line of history when the event carries it (`stayed 14 min on average last week (9 times)`).
 */
export function alertSummary(e: AlertEvent, names?: ProviderNames): { title: string; body: string } {
  const first = e.offers[0]!;
  const more = e.offers.length > 1 ? ` +${e.offers.length - 1} more` : '';
  const stay = alertHistoryLine(first);
  return {
    title: `${e.watchName}: ${alertVerb(e.kind)}`,
    body: `${alertOfferLine(first, names)}${more}${stay ? `\n${stay}` : ''}`,
  };
}
