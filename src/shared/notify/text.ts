/**
 * AlertEvent → notification text. Pure, shared by the Electron notifier (native notifications) and
 * anything else that wants the same words. Limits (docs/reliability.md E5): macOS cuts the body at 256
 * bytes, so the body is built to fit 256 UTF-8 bytes and the title 128; the most useful facts
 * (price, provider) come first so a cut never loses them. Nothing here can carry a secret: only
 * offer facts, the watch name and provider display names are used.
 */
import type { AlertEvent, AlertOfferRef } from '../model';
import { formatDuration, formatMoney, formatPerGpuHour } from '../format';
import { cleanText } from '../tray/format';
import { alertHistoryLine } from '../history/text';

export const BODY_MAX_BYTES = 256;
export const TITLE_MAX_BYTES = 128;

export interface NotificationText {
  title: string;
  body: string;
  /** The offer a click opens (the cheapest in the event). */
  offerId: string;
  /** Stable per event: lets the platform replace a duplicate instead of stacking it. */
  tag: string;
  /** Groups a watch's notifications (macOS thread, Windows group). */
  group: string;
}

export interface NotificationTextOptions {
  /** Provider id → display name ("vastai" → "Vast.ai"). */
  providerNames?: Readonly<Record<string, string>>;
}

/** UTF-8 length of a string, without TextEncoder (shared has no DOM or Node types). */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** Cuts at a code point boundary so the result, with a trailing `…`, fits `maxBytes` UTF-8 bytes. */
export function truncateUtf8(s: string, maxBytes: number): string {
  if (utf8Length(s) <= maxBytes) return s;
  const budget = maxBytes - 3; // "…" is 3 bytes
  let out = '';
  let n = 0;
  for (const ch of s) {
    const len = utf8Length(ch);
    if (n + len > budget) break;
    out += ch;
    n += len;
  }
  return `${out.trimEnd()}…`;
}

function cheapestFirst(offers: readonly AlertOfferRef[]): AlertOfferRef[] {
  return [...offers].sort((a, b) => a.perGpuHour - b.perGpuHour || (a.offerId < b.offerId ? -1 : 1));
}

export function buildNotification(event: AlertEvent, opts: NotificationTextOptions = {}): NotificationText {
  const offers = cheapestFirst(event.offers);
  const best = offers[0]!;
  const provider = cleanText(opts.providerNames?.[best.provider] ?? best.provider);
  const model = cleanText(best.model);
  const price = formatPerGpuHour(best.perGpuHour);
  const watch = cleanText(event.watchName);

  let title: string;
  if (event.kind === 'appeared') title = `${model} available: ${price}`;
  else if (event.kind === 'price-drop') {
    const was = best.previousPerGpuHour !== undefined ? ` (was ${formatMoney(best.previousPerGpuHour)})` : '';
    title = `${model} price drop: ${price}${was}`;
  } else title = `${model} no longer available`;

  const facts: string[] = [
    provider,
    `${best.count}× ${model}`,
    `${formatMoney(best.perHour)}/h`,
    cleanText(best.region),
  ];
  let body = facts.join(' · ');
  if (event.kind === 'disappeared' && best.availableForMs !== undefined) {
    body += ` · was available ${formatDuration(best.availableForMs)}`;
  }
  if (offers.length > 1) {
    const others = offers.length - 1;
    body += `\n+${others} more offer${others > 1 ? 's' : ''}`;
    if (event.kind !== 'disappeared') body += ` from ${formatPerGpuHour(offers[1]!.perGpuHour)}`;
  }
  // One line of history (appeared / price drop, when recorded): how long this kind usually stays.
  const stay = alertHistoryLine(best);
  if (stay) body += `\n${stay}`;
  body += `\nWatch: ${watch}`;

  return {
    title: truncateUtf8(title, TITLE_MAX_BYTES),
    body: truncateUtf8(body, BODY_MAX_BYTES),
    offerId: best.offerId,
    tag: event.id,
    group: `watch:${event.watchId}`,
  };
}
