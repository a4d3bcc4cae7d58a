/**
 * PagerDuty Events API v2: POST `<base>/v2/enqueue`.
 * Docs: https://developer.pagerduty.com/docs/events-api-v2-overview and /docs/send-alert-event —
 * trigger `{routing_key, event_action: "trigger", dedup_key, payload: {summary (≤1024), source,
 * severity, timestamp, component, group, class, custom_details}, links, client}`; resolve needs only
 * `{routing_key, event_action: "resolve", dedup_key}`. Answers 202 `{"status": "success", "message":
 * "Event processed", "dedup_key"}`. One dedup_key per watch: a watch that keeps firing adds to one
 * incident, and "nothing matches any more" resolves it.
 * The base URL is `CLOUDTOP_PAGERDUTY_BASE_URL` or https://events.pagerduty.com.
 */
import type { AlertMessage } from '../types';
import type { HttpRequestSpec } from '../http';

export const PAGERDUTY_DEFAULT_BASE_URL = 'https://events.pagerduty.com';

function pagerDutyDedupKey(watchId: string): string {
  return `cloudtop/watch/${watchId}`.slice(0, 255);
}

function pagerDutyPayload(routingKey: string, m: AlertMessage, action: 'trigger' | 'resolve'): Record<string, unknown> {
  const dedup_key = pagerDutyDedupKey(m.watch.id);
  if (action === 'resolve') return { routing_key: routingKey, event_action: 'resolve', dedup_key };
  const first = m.event?.offers[0];
  const payload: Record<string, unknown> = {
    summary: `${m.title} — ${m.body.split('\n')[0]}`.slice(0, 1024),
    source: 'cloudtop',
    severity: 'info',
    timestamp: new Date(m.at).toISOString(),
    class: m.type === 'test' ? 'test' : `gpu-${m.event?.kind ?? 'alert'}`,
    custom_details: { watch: m.watch.name, body: m.body, offers: m.event?.offers ?? [] },
  };
  if (first) {
    payload.component = first.model;
    payload.group = first.provider;
  }
  const out: Record<string, unknown> = {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key,
    payload,
    client: 'cloudtop',
  };
  if (m.url && /^https:\/\//.test(m.url)) out.links = [{ href: m.url, text: "Open in the provider's console" }];
  return out;
}

export function pagerDutyRequest(
  baseUrl: string,
  routingKey: string,
  m: AlertMessage,
  action: 'trigger' | 'resolve',
): HttpRequestSpec {
  return {
    url: `${baseUrl}/v2/enqueue`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(pagerDutyPayload(routingKey, m, action)),
  };
}
