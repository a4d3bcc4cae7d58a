/**
 * ntfy publish as JSON: POST to the server root with `{topic, message, title, tags, priority, click}`.
 * Docs: https://docs.ntfy.sh/publish/#publish-as-json (priority 1–5, 3 default; tags may map to emojis;
 * `click` opens a URL); access tokens go in `Authorization: Bearer tk_…`, user/password as Basic
 * (https://docs.ntfy.sh/publish/#authentication). Any server: ntfy.sh or self-hosted.
 */
import type { AlertMessage } from '../types';
import type { HttpRequestSpec } from '../http';

interface NtfyTarget {
  server: string;
  topic: string;
  token?: string;
  user?: string;
  password?: string;
}

function tagsFor(m: AlertMessage): string[] {
  if (m.type === 'test') return ['test_tube', 'cloudtop'];
  if (m.type === 'resolved') return ['heavy_check_mark', 'cloudtop'];
  const kind = m.event!.kind;
  return [kind === 'appeared' ? 'rocket' : kind === 'price-drop' ? 'moneybag' : 'x', 'cloudtop'];
}

function ntfyPayload(t: NtfyTarget, m: AlertMessage): Record<string, unknown> {
  const urgent = m.type === 'alert' && m.event!.kind !== 'disappeared';
  const p: Record<string, unknown> = {
    topic: t.topic,
    title: m.title,
    message: m.body,
    tags: tagsFor(m),
    priority: urgent ? 4 : 3,
  };
  if (m.url && /^https:\/\//.test(m.url)) p.click = m.url;
  return p;
}

export function ntfyRequest(t: NtfyTarget, m: AlertMessage): HttpRequestSpec {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (t.token) headers.authorization = `Bearer ${t.token}`;
  else if (t.user) headers.authorization = `Basic ${Buffer.from(`${t.user}:${t.password ?? ''}`).toString('base64')}`;
  return { url: `${t.server}/`, headers, body: JSON.stringify(ntfyPayload(t, m)) };
}
