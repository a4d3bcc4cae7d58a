/**
 * Telegram Bot API sendMessage: POST `<base>/bot<token>/sendMessage` with `{chat_id, text}`.
 * Docs: https://core.telegram.org/bots/api#sendmessage and #making-requests — answers
 * `{"ok": true, "result": Message}`; errors `{"ok": false, "error_code", "description", "parameters":
 * {"retry_after"}}` (seconds) on 429. Plain text (no parse_mode): nothing to escape, nothing to inject.
 * The base URL is `CLOUDTOP_TELEGRAM_BASE_URL` or https://api.telegram.org.
 */
import type { AlertMessage } from '../types';
import type { HttpRequestSpec } from '../http';

export const TELEGRAM_DEFAULT_BASE_URL = 'https://api.telegram.org';
/** sendMessage: 1-4096 characters after entities parsing. */
const MAX_TEXT = 4096;

function telegramPayload(chatId: string, m: AlertMessage): Record<string, unknown> {
  let text = `${m.title}\n${m.body}`;
  if (m.url && /^https:\/\//.test(m.url)) text += `\n${m.url}`;
  return {
    chat_id: /^-?\d+$/.test(chatId) ? Number(chatId) : chatId,
    text: text.slice(0, MAX_TEXT),
    link_preview_options: { is_disabled: true },
  };
}

export function telegramRequest(baseUrl: string, botToken: string, chatId: string, m: AlertMessage): HttpRequestSpec {
  return {
    url: `${baseUrl}/bot${botToken}/sendMessage`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(telegramPayload(chatId, m)),
  };
}

export function telegramRetryAfter(body: unknown): number | undefined {
  const v = (body as { parameters?: { retry_after?: unknown } } | undefined)?.parameters?.retry_after;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? Math.ceil(v * 1000) : undefined;
}
