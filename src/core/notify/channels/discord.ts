/**
 * Discord execute webhook: POST JSON with `content` and `embeds`.
 * Docs: https://discord.com/developers/docs/resources/webhook#execute-webhook — limits from the
 * message/embed docs (content 2000, embed title 256, description 4096, 25 fields of 1024); a 429
 * answers `{"message", "retry_after" (seconds, float), "global"}` plus a Retry-After header.
 * `allowed_mentions: {parse: []}`: a watch name like "@everyone" must not ping a server.
 */
import type { AlertMessage } from '../types';
import type { HttpRequestSpec } from '../http';

const COLOR = { alert: 0x2f9e44, resolved: 0x868e96, test: 0x1c7ed6 } as const;

function discordPayload(m: AlertMessage): Record<string, unknown> {
  const embed: Record<string, unknown> = {
    title: m.title.slice(0, 256),
    description: m.body.slice(0, 4096),
    color: m.event?.kind === 'disappeared' ? COLOR.resolved : COLOR[m.type],
    timestamp: new Date(m.at).toISOString(),
    footer: { text: 'cloudtop' },
  };
  if (m.url && /^https:\/\//.test(m.url)) embed.url = m.url;
  return { content: m.title.slice(0, 2000), embeds: [embed], allowed_mentions: { parse: [] } };
}

export function discordRequest(url: string, m: AlertMessage): HttpRequestSpec {
  return { url, headers: { 'content-type': 'application/json' }, body: JSON.stringify(discordPayload(m)) };
}

/** `retry_after` in a Discord 429 body is in seconds. */
export function discordRetryAfter(body: unknown): number | undefined {
  const v = (body as { retry_after?: unknown } | undefined)?.retry_after;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.ceil(v * 1000) : undefined;
}
