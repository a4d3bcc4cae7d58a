/** AlertEvent (+ the snapshot's offers) → AlertMessage, the one input every channel formats. */
import type { AlertEvent, AlertOfferRef, GpuOffer } from '../../shared/model';
import type { AlertMessage } from './types';
import { alertWording, resolvedWording, testWording } from './wording';

export function alertMessage(
  event: AlertEvent,
  opts: { offers?: readonly GpuOffer[]; providerNames?: Readonly<Record<string, string>>; now: number },
): AlertMessage {
  const byId = new Map((opts.offers ?? []).map((o) => [o.id, o]));
  // Cheapest first, as the event lists them; the full offer when the snapshot still has it.
  const offers: Array<GpuOffer | AlertOfferRef> = event.offers.map((r) => byId.get(r.offerId) ?? r);
  const url = event.offers.find((r) => r.consoleUrl)?.consoleUrl;
  return {
    type: 'alert',
    watch: { id: event.watchId, name: event.watchName },
    at: opts.now,
    event,
    offers,
    ...alertWording(event, opts.providerNames),
    ...(url ? { url } : {}),
  };
}

export function resolvedMessage(watch: { id: string; name: string }, now: number): AlertMessage {
  return { type: 'resolved', watch, at: now, offers: [], ...resolvedWording(watch.name) };
}

export function testMessage(label: string, now: number): AlertMessage {
  return { type: 'test', watch: { id: 'test', name: 'test' }, at: now, offers: [], ...testWording(label) };
}

/** Event type names shared by the webhook payload and exec's stdin. */
export function messageEventType(m: AlertMessage): string {
  if (m.type === 'test') return 'test';
  if (m.type === 'resolved') return 'alert.resolved';
  return `alert.${m.event!.kind}`;
}
