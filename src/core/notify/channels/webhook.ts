/**
 * Generic webhook: a JSON POST in the Standard Webhooks payload structure `{type, timestamp, data}`
 * (standard-webhooks/standard-webhooks:spec/standard-webhooks.md, "Payload structure"), with `webhook-id` / `webhook-timestamp` always and
 * `webhook-signature` when a `whsec_` secret is set. `data.offers` are in the JSON output's offer shape
 * (`cloudtop offers --output json`) when the snapshot still had them. The same document is exec's stdin.
 */
import type { AlertMessage } from '../types';
import type { HttpRequestSpec } from '../http';
import { messageEventType } from '../message';
import { standardWebhookHeaders } from '../signing';

const WEBHOOK_PAYLOAD_VERSION = 1;

export function webhookDocument(m: AlertMessage): Record<string, unknown> {
  const data: Record<string, unknown> = {
    version: WEBHOOK_PAYLOAD_VERSION,
    watch: m.watch,
    title: m.title,
    body: m.body,
    offers: m.offers,
  };
  if (m.event) data.event = m.event;
  if (m.url) data.url = m.url;
  return { type: messageEventType(m), timestamp: new Date(m.at).toISOString(), data };
}

/** Stable per message across retries (receivers dedupe on it). */
function webhookMessageId(m: AlertMessage): string {
  if (m.event) return `msg_${m.event.id}`;
  return `msg_${m.type}_${m.watch.id.replace(/[^A-Za-z0-9_-]/g, '')}_${m.at}`;
}

export function webhookRequest(
  url: string,
  secret: string | undefined,
  m: AlertMessage,
  nowMs: number,
  userAgent: string,
): HttpRequestSpec {
  const body = JSON.stringify(webhookDocument(m));
  return {
    url,
    headers: {
      'content-type': 'application/json',
      'user-agent': userAgent,
      ...standardWebhookHeaders(secret, webhookMessageId(m), nowMs, body),
    },
    body,
  };
}
