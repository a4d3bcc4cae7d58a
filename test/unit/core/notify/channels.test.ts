/**
 * Every channel against a loopback receiver: what arrives has the service's documented shape (the
 * schema below is first checked against the service's own example in test/fixtures/notify), and
 * retries, Retry-After, timeouts and signing behave as documented.
 */
import { createHmac } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createChannel } from '../../../../src/core/notify/channel';
import { alertMessage, resolvedMessage, testMessage } from '../../../../src/core/notify/message';
import { parseTarget } from '../../../../src/core/notify/target';
import { standardWebhookSignature } from '../../../../src/core/notify/signing';
import { isCloudtopError } from '../../../../src/shared/model';
import { startReceiver, type Receiver } from '../../../helpers/receiver';
import {
  DISCORD_TOKEN,
  NTFY_TOKEN,
  PD_KEY,
  SLACK_TOKEN,
  TELEGRAM_TOKEN,
  WEBHOOK_SECRET,
  event,
  fixture,
  recordingClock,
} from './fixtures';
import { DiscordSchema, NtfySchema, PdResolve, PdTrigger, SlackSchema, TelegramSchema } from './schemas';

const receivers: Receiver[] = [];
async function receiver(...a: Parameters<typeof startReceiver>): Promise<Receiver> {
  const r = await startReceiver(...a);
  receivers.push(r);
  return r;
}
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

const msg = () =>
  alertMessage(event, { now: Date.parse('2026-12-06T08:00:01Z'), providerNames: { vastai: 'Vast.ai' } });

async function sendOnce(
  target: string | ((rxUrl: string) => string),
  reply?: Parameters<typeof startReceiver>[0],
  env: Record<string, string> = {},
) {
  const rx = await receiver(reply);
  const clock = recordingClock();
  const t = parseTarget(typeof target === 'string' ? target.replace('RX', rx.url) : target(rx.url));
  const ch = createChannel('', t, {
    clock,
    env: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v.replace('RX', rx.url)])),
    timeoutMs: 2000,
  });
  return { rx, clock, ch };
}

describe('documented payload shapes', () => {
  it('Slack: text + blocks, on the webhook URL', async () => {
    SlackSchema.parse(fixture('slack-incoming-webhook.json'));
    const { rx, ch } = await sendOnce(`slack:RX/services/T000/B000/${SLACK_TOKEN}`);
    const out = await ch.send(msg());
    expect(out.status).toBe(200);
    expect(rx.requests[0]!.path).toBe(`/services/T000/B000/${SLACK_TOKEN}`);
    expect(rx.requests[0]!.headers['content-type']).toBe('application/json');
    const body = SlackSchema.parse(rx.json()[0]);
    expect(body.text).toContain('H100-SXM available: $2.10/GPU·h');
    expect(JSON.stringify(body.blocks)).toContain('Vast.ai');
  });

  it('an alert with history carries its line to the channel, in the words of every face', async () => {
    const withStay = {
      ...event,
      offers: event.offers.map((o) => ({ ...o, typicalStay: { meanMs: 14 * 60_000, episodes: 9 } })),
    };
    const m = alertMessage(withStay, { now: Date.parse('2026-12-06T08:00:01Z'), providerNames: { vastai: 'Vast.ai' } });
    expect(m.body).toContain('\nstayed 14 min on average last week (9 times)\n');
    const { rx, ch } = await sendOnce(`slack:RX/services/T000/B000/${SLACK_TOKEN}`);
    await ch.send(m);
    expect(SlackSchema.parse(rx.json()[0]).text).toContain('stayed 14 min on average last week (9 times)');
  });

  it('Discord: content + embeds, mentions disabled', async () => {
    DiscordSchema.parse(fixture<{ request: unknown }>('discord-execute-webhook.json').request);
    const { rx, ch } = await sendOnce(`discord:RX/api/webhooks/123/${DISCORD_TOKEN}`, () => ({ status: 204 }));
    expect((await ch.send(msg())).status).toBe(204);
    const body = DiscordSchema.parse(rx.json()[0]);
    expect(body.content).toMatch(/^H100-SXM available/);
    expect(body.embeds[0]!.url).toBe('https://cloud.vast.ai/create/');
    expect(body.allowed_mentions.parse).toEqual([]);
  });

  it('ntfy: JSON to the server root with topic, title, priority, tags, click and the token', async () => {
    NtfySchema.parse(fixture('ntfy-publish-json.json'));
    const { rx, ch } = await sendOnce(
      (u) => `ntfy:${u.replace('http://', `http://${NTFY_TOKEN}@`)}/gpu-alerts`,
      () => ({
        status: 200,
        body: '{"id":"x","event":"message","topic":"gpu-alerts"}',
      }),
    );
    await ch.send(msg());
    expect(rx.requests[0]!.path).toBe('/');
    expect(rx.requests[0]!.headers.authorization).toBe(`Bearer ${NTFY_TOKEN}`);
    const body = NtfySchema.parse(rx.json()[0]);
    expect(body).toMatchObject({ topic: 'gpu-alerts', priority: 4, click: 'https://cloud.vast.ai/create/' });
    expect(body.title).toMatch(/^H100-SXM available/);
  });

  it('Telegram: sendMessage on CLOUDTOP_TELEGRAM_BASE_URL', async () => {
    const fx = fixture<{ request: unknown; ok: unknown }>('telegram-sendmessage.json');
    TelegramSchema.parse(fx.request);
    const { rx, ch } = await sendOnce(
      `telegram:${TELEGRAM_TOKEN}@-1001234567890`,
      () => ({ status: 200, body: JSON.stringify(fx.ok) }),
      { CLOUDTOP_TELEGRAM_BASE_URL: 'RX' },
    );
    await ch.send(msg());
    expect(rx.requests[0]!.path).toBe(`/bot${TELEGRAM_TOKEN}/sendMessage`);
    const body = TelegramSchema.parse(rx.json()[0]);
    expect(body.chat_id).toBe(-1001234567890);
    expect(body.text).toContain('H100-SXM available');
  });

  it('PagerDuty: trigger, then resolve with the same per-watch dedup_key, on CLOUDTOP_PAGERDUTY_BASE_URL', async () => {
    const fx = fixture<{ trigger: unknown; resolve: unknown; accepted: unknown }>('pagerduty-events-v2.json');
    PdTrigger.parse(fx.trigger);
    PdResolve.parse(fx.resolve);
    const { rx, ch } = await sendOnce(
      `pagerduty:${PD_KEY}`,
      () => ({ status: 202, headers: { 'content-type': 'application/json' }, body: JSON.stringify(fx.accepted) }),
      { CLOUDTOP_PAGERDUTY_BASE_URL: 'RX' },
    );
    const out = await ch.send(msg());
    expect(out).toMatchObject({ status: 202, detail: 'HTTP 202 trigger: Event processed' });
    await ch.send(resolvedMessage({ id: event.watchId, name: event.watchName }, Date.now()));
    expect(rx.requests.map((r) => r.path)).toEqual(['/v2/enqueue', '/v2/enqueue']);
    const [trigger, resolve] = rx.json();
    const t = PdTrigger.parse(trigger);
    const r = PdResolve.parse(resolve);
    expect(t.routing_key).toBe(PD_KEY);
    expect(t.dedup_key).toBe(r.dedup_key);
    expect(t.dedup_key).toContain(event.watchId);
    expect(t.payload).toMatchObject({ component: 'H100-SXM', group: 'vastai', severity: 'info', source: 'cloudtop' });
  });

  it('PagerDuty "send a test" triggers and resolves, leaving no incident open', async () => {
    const { rx, ch } = await sendOnce(`pagerduty:${PD_KEY}`, () => ({ status: 202, body: '{}' }), {
      CLOUDTOP_PAGERDUTY_BASE_URL: 'RX',
    });
    await ch.send(testMessage(ch.label, Date.now()));
    expect(rx.json().map((b) => b.event_action)).toEqual(['trigger', 'resolve']);
  });

  it('webhook: Standard Webhooks payload and headers, signature verified independently', async () => {
    const { rx, ch } = await sendOnce(`webhook:RX/hook#${WEBHOOK_SECRET}`);
    await ch.send(msg());
    const req = rx.requests[0]!;
    const id = String(req.headers['webhook-id']);
    const ts = String(req.headers['webhook-timestamp']);
    expect(id).toBe(`msg_${event.id}`);
    expect(ts).toMatch(/^\d{10}$/);
    // Verification as a receiver would do it, from the spec, without cloudtop's code.
    const key = Buffer.from(WEBHOOK_SECRET.slice('whsec_'.length), 'base64');
    const expected = createHmac('sha256', key).update(`${id}.${ts}.${req.body}`).digest('base64');
    expect(String(req.headers['webhook-signature']).split(' ')).toContain(`v1,${expected}`);
    const doc = JSON.parse(req.body) as {
      type: string;
      timestamp: string;
      data: { offers: unknown[]; event: { id: string } };
    };
    expect(doc.type).toBe('alert.appeared');
    expect(doc.data.event.id).toBe(event.id);
    expect(doc.data.offers).toHaveLength(2);
  });

  it('webhook without a secret: id and timestamp, no signature', async () => {
    const { rx, ch } = await sendOnce('webhook:RX/hook');
    await ch.send(msg());
    expect(rx.requests[0]!.headers['webhook-id']).toBeDefined();
    expect(rx.requests[0]!.headers['webhook-signature']).toBeUndefined();
  });

  it('signs the Standard Webhooks published test vector exactly', () => {
    const v = fixture<{ secret: string; id: string; timestamp: number; body: string; signature: string }>(
      'standard-webhooks-vector.json',
    );
    expect(standardWebhookSignature(v.secret, v.id, v.timestamp, v.body)).toBe(v.signature);
  });
});

describe('delivery', () => {
  it('retries 5xx and succeeds; the webhook id stays, the timestamp is re-signed', async () => {
    const { rx, ch } = await sendOnce(`webhook:RX/hook#${WEBHOOK_SECRET}`, (_r, n) =>
      n < 3 ? { status: 503, body: 'busy' } : { status: 200 },
    );
    const out = await ch.send(msg());
    expect(out.attempts).toBe(3);
    expect(new Set(rx.requests.map((r) => r.headers['webhook-id'])).size).toBe(1);
  });

  it('honours Retry-After (header) before retrying a 429', async () => {
    const { rx, ch, clock } = await sendOnce(`webhook:RX/hook`, (_r, n) =>
      n === 1 ? { status: 429, headers: { 'retry-after': '7' } } : { status: 200 },
    );
    await ch.send(msg());
    expect(rx.requests).toHaveLength(2);
    expect(clock.sleeps[0]).toBeGreaterThanOrEqual(7000);
  });

  it("honours Discord's retry_after body and Telegram's parameters.retry_after", async () => {
    const discord = fixture<{ rateLimited: unknown }>('discord-execute-webhook.json').rateLimited;
    const d = await sendOnce(`discord:RX/api/webhooks/1/${DISCORD_TOKEN}`, (_r, n) =>
      n === 1 ? { status: 429, body: JSON.stringify({ ...(discord as object), retry_after: 1.5 }) } : { status: 204 },
    );
    await d.ch.send(msg());
    expect(d.clock.sleeps[0]).toBeGreaterThanOrEqual(1500);

    const tgLimited = fixture<{ rateLimited: unknown }>('telegram-sendmessage.json').rateLimited;
    const t = await sendOnce(
      `telegram:${TELEGRAM_TOKEN}@42`,
      (_r, n) => (n === 1 ? { status: 429, body: JSON.stringify(tgLimited) } : { status: 200, body: '{"ok":true}' }),
      { CLOUDTOP_TELEGRAM_BASE_URL: 'RX' },
    );
    await t.ch.send(msg());
    expect(t.clock.sleeps[0]).toBeGreaterThanOrEqual(3000);
  });

  it('does not retry a 4xx; the error names the channel, not its URL, and scrubs an echoed token', async () => {
    const { rx, ch } = await sendOnce(`slack:RX/services/T0/B0/${SLACK_TOKEN}`, () => ({
      status: 404,
      body: `no_service for /services/T0/B0/${SLACK_TOKEN}`,
    }));
    const e = await ch.send(msg()).catch((x: unknown) => x);
    expect(rx.requests).toHaveLength(1);
    expect(isCloudtopError(e) && e.code).toBe('not_found');
    const text = JSON.stringify({ m: (e as Error).message, h: (e as { hint?: string }).hint });
    expect(text).toContain('slack (127.0.0.1');
    expect(text).toContain('no_service');
    expect(text).not.toContain(SLACK_TOKEN);
  });

  it('times out a receiver that never answers, retries, then gives up with a timeout error', async () => {
    const rx = await receiver(() => ({ hang: true }));
    const ch = createChannel('', parseTarget(`webhook:${rx.url}/hook`), {
      clock: recordingClock(),
      timeoutMs: 150,
      retry: { retries: 1 },
    });
    const e = await ch.send(msg()).catch((x: unknown) => x);
    expect(isCloudtopError(e) && e.code).toBe('timeout');
    expect((e as Error).message).toMatch(/did not answer within/);
    expect(rx.requests).toHaveLength(2);
  });

  it('gives up after the retry budget on repeated 5xx', async () => {
    const { rx, ch } = await sendOnce('webhook:RX/hook', () => ({ status: 502 }));
    const e = await ch.send(msg()).catch((x: unknown) => x);
    expect(isCloudtopError(e) && e.status).toBe(502);
    expect(rx.requests).toHaveLength(4); // first attempt + 3 retries
  });

  it('exec: alert JSON on stdin; a non-zero exit is a failed delivery with its code', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudtop-exec-'));
    const out = path.join(dir, 'alert.json');
    const ok = createChannel('', parseTarget(`exec:cat > '${out}'`), { clock: recordingClock() });
    expect(await ok.send(msg())).toMatchObject({ detail: 'exit code 0' });
    const doc = JSON.parse(fs.readFileSync(out, 'utf8')) as { type: string; data: { event: { id: string } } };
    expect(doc.type).toBe('alert.appeared');
    expect(doc.data.event.id).toBe(event.id);
    const bad = createChannel('', parseTarget('exec:exit 3'), { clock: recordingClock() });
    const e = await bad.send(msg()).catch((x: unknown) => x);
    expect((e as Error).message).toBe('exec (exit) exited with code 3');
    const slow = createChannel('', parseTarget('exec:sleep 5'), { clock: recordingClock(), timeoutMs: 100 });
    expect(isCloudtopError(await slow.send(msg()).catch((x: unknown) => x))).toBe(true);
  });
});
