/**
 * Slack incoming webhook: POST JSON with `text` (the notification fallback) and `blocks` (Block Kit).
 * Docs: https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks — the answer is
 * `200 ok`; errors are plain strings (`invalid_payload`, `no_service`…); 429 carries Retry-After.
 */
import type { AlertMessage } from '../types';
import type { HttpRequestSpec } from '../http';

/** mrkdwn control characters (Slack "Formatting text": escape &, <, >). */
function slackEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function slackPayload(m: AlertMessage): Record<string, unknown> {
  const blocks: Record<string, unknown>[] = [
    // header: plain_text, at most 150 characters (Block Kit reference).
    { type: 'header', text: { type: 'plain_text', text: m.title.slice(0, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: slackEscape(m.body).slice(0, 3000) } },
  ];
  if (m.url && /^https:\/\//.test(m.url)) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `<${m.url}|Open in the provider's console>` } });
  }
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: 'cloudtop' }] });
  return { text: `${m.title}\n${m.body}`, blocks };
}

export function slackRequest(url: string, m: AlertMessage): HttpRequestSpec {
  return { url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(slackPayload(m)) };
}
