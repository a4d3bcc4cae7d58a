/**
 * ChannelTarget → Channel. Each channel owns a limiter at its service's documented pace (below), so
 * a burst of alerts queues instead of earning a 429; each HTTP channel sends through ./http.ts.
 */
import type { Clock } from '../collector/clock';
import { Limiter, type RateWindow } from '../collector/limiter';
import type { RetryPolicy } from '../collector/retry';
import type { Logger } from '../log/types';
import { CloudtopError } from '../../shared/model';
import { discordRequest, discordRetryAfter } from './channels/discord';
import { runExec } from './channels/exec';
import { ntfyRequest } from './channels/ntfy';
import { PAGERDUTY_DEFAULT_BASE_URL, pagerDutyRequest } from './channels/pagerduty';
import { slackRequest } from './channels/slack';
import { TELEGRAM_DEFAULT_BASE_URL, telegramRequest, telegramRetryAfter } from './channels/telegram';
import { webhookRequest } from './channels/webhook';
import { sendHttp, type HttpDeliveryOptions, type HttpRequestSpec } from './http';
import { targetLabel, targetSecrets, type ChannelTarget } from './target';
import type { AlertMessage, Channel, ChannelKind, SendOutcome } from './types';

interface ChannelDeps {
  fetch?: typeof fetch;
  clock: Clock;
  env?: Record<string, string | undefined>;
  log?: Logger;
  /** Per attempt (HTTP) or per run (exec). Default 10 s (exec 30 s). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  userAgent?: string;
}

/**
 * Pace per channel, from each service's documented limits: Slack incoming webhooks 1 message per
 * second; Discord webhooks 30 per minute per channel, 5 per 2 s bucket; Telegram 1 per second per
 * chat, 20 per minute in groups; ntfy.sh a burst of 60 then 1 per 5 s (12 per minute); PagerDuty Events
 * v2 120 per minute per integration key (we use half). Webhook and exec: our own bound.
 */
const CHANNEL_PACE: Record<ChannelKind, RateWindow & { burst?: RateWindow }> = {
  slack: { intervalMs: 1000, intervalCap: 1 },
  discord: { intervalMs: 60_000, intervalCap: 30, burst: { intervalMs: 2000, intervalCap: 5 } },
  telegram: { intervalMs: 60_000, intervalCap: 20, burst: { intervalMs: 1000, intervalCap: 1 } },
  ntfy: { intervalMs: 60_000, intervalCap: 12 },
  pagerduty: { intervalMs: 60_000, intervalCap: 60 },
  webhook: { intervalMs: 60_000, intervalCap: 60 },
  exec: { intervalMs: 60_000, intervalCap: 60 },
};

/** `CLOUDTOP_TELEGRAM_BASE_URL` / `CLOUDTOP_PAGERDUTY_BASE_URL` (tests, proxies), else the service's own. */
function serviceBaseUrl(
  env: Record<string, string | undefined>,
  kind: 'telegram' | 'pagerduty',
  fallback: string,
): string {
  const name = `CLOUDTOP_${kind.toUpperCase()}_BASE_URL`;
  const v = env[name]?.trim();
  if (!v) return fallback;
  if (!URL.canParse(v) || !/^https?:$/.test(new URL(v).protocol)) {
    throw new CloudtopError('config', `${name} is not an http(s) URL`, {
      hint: `Set it to a URL such as ${fallback}, or unset it.`,
    });
  }
  return v.replace(/\/+$/, '');
}

export function createChannel(name: string, target: ChannelTarget, deps: ChannelDeps): Channel {
  const label = name && name !== targetLabel(target) ? `${targetLabel(target)} "${name}"` : targetLabel(target);
  const pace = CHANNEL_PACE[target.kind];
  const limiter = new Limiter({ ...pace, concurrency: 1, clock: deps.clock });
  const secrets = targetSecrets(target);
  const env = deps.env ?? {};
  const timeoutMs = deps.timeoutMs ?? (target.kind === 'exec' ? 30_000 : 10_000);
  const http = (
    message: AlertMessage,
    build: (attempt: number) => HttpRequestSpec,
    signal: AbortSignal | undefined,
    extra: Partial<HttpDeliveryOptions> = {},
  ): Promise<SendOutcome> =>
    sendHttp(build, {
      fetch: deps.fetch ?? fetch,
      clock: deps.clock,
      limiter,
      timeoutMs,
      retry: deps.retry,
      label,
      secrets,
      signal,
      log: deps.log,
      ...extra,
    });
  const base = { kind: target.kind, name: name || targetLabel(target), label };

  switch (target.kind) {
    case 'webhook':
      return {
        ...base,
        wantsResolved: true,
        send: (m, signal) =>
          http(
            m,
            () => webhookRequest(target.url, target.secret, m, deps.clock.now(), deps.userAgent ?? 'cloudtop'),
            signal,
          ),
      };
    case 'slack':
      return {
        ...base,
        wantsResolved: false,
        send: (m, signal) => http(m, () => slackRequest(target.url, m), signal),
      };
    case 'discord':
      return {
        ...base,
        wantsResolved: false,
        send: (m, signal) =>
          http(m, () => discordRequest(target.url, m), signal, { retryAfterFromBody: discordRetryAfter }),
      };
    case 'ntfy':
      return { ...base, wantsResolved: false, send: (m, signal) => http(m, () => ntfyRequest(target, m), signal) };
    case 'telegram': {
      const baseUrl = serviceBaseUrl(env, 'telegram', TELEGRAM_DEFAULT_BASE_URL);
      return {
        ...base,
        wantsResolved: false,
        send: (m, signal) =>
          http(m, () => telegramRequest(baseUrl, target.botToken, target.chatId, m), signal, {
            retryAfterFromBody: telegramRetryAfter,
          }),
      };
    }
    case 'pagerduty': {
      const baseUrl = serviceBaseUrl(env, 'pagerduty', PAGERDUTY_DEFAULT_BASE_URL);
      const send = (m: AlertMessage, action: 'trigger' | 'resolve', signal?: AbortSignal): Promise<SendOutcome> =>
        http(m, () => pagerDutyRequest(baseUrl, target.routingKey, m, action), signal, {
          describeOk: (status, body) => {
            const msg = (() => {
              try {
                return (JSON.parse(body) as { message?: unknown }).message;
              } catch {
                return undefined;
              }
            })();
            return `HTTP ${status} ${action}${typeof msg === 'string' ? `: ${msg.slice(0, 80)}` : ''}`;
          },
        });
      return {
        ...base,
        wantsResolved: true,
        async send(m, signal) {
          if (m.type === 'resolved') return send(m, 'resolve', signal);
          if (m.type === 'test') {
            // A test must not leave an incident open: trigger, then resolve the same dedup_key.
            await send(m, 'trigger', signal);
            return send(m, 'resolve', signal);
          }
          return send(m, 'trigger', signal);
        },
      };
    }
    case 'exec':
      return {
        ...base,
        wantsResolved: true,
        send: (m, signal) =>
          limiter.schedule(() => runExec(target.command, m, { label, timeoutMs, signal }), { signal }),
      };
  }
}
