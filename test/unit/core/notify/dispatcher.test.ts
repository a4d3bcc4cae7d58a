/**
 * The dispatcher with the real watches engine: only what the engine lets through is delivered
 * (quiet hours suppress channels exactly as desktop notifications), PagerDuty gets trigger → resolve
 * when nothing matches any more, and no planted secret reaches a log call or a delivery record —
 * checked with a logger that does NOT redact, so the code itself must keep them out.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createChannel } from '../../../../src/core/notify/channel';
import { ChannelDispatcher } from '../../../../src/core/notify/dispatcher';
import { parseTarget } from '../../../../src/core/notify/target';
import { evaluateWatches, initialWatchState } from '../../../../src/core/watches/engine';
import type { Logger } from '../../../../src/core/log/types';
import type { GpuOffer, Watch } from '../../../../src/shared/model';
import { NotificationSettingsSchema } from '../../../../src/shared/settings/schema';
import { makeOffer } from '../../shared/filter/make-offer';
import { startReceiver, type Receiver } from '../../../helpers/receiver';
import {
  ALL_SECRETS,
  DISCORD_TOKEN,
  PD_KEY,
  SLACK_TOKEN,
  TELEGRAM_TOKEN,
  WEBHOOK_SECRET,
  recordingClock,
} from './fixtures';

const receivers: Receiver[] = [];
afterEach(async () => {
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

function capturingLogger(lines: string[]): Logger {
  const log = (level: string) => (obj: Record<string, unknown>, msg?: string) =>
    lines.push(`${level} ${JSON.stringify(obj)} ${msg ?? ''}`);
  const l: Logger = { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error'), child: () => l };
  return l;
}

const offer = (id: string, perGpuHour: number): GpuOffer => makeOffer({ id: id.split(':')[1], perGpuHour });

const watch: Watch = {
  id: 'w1',
  name: 'H100',
  enabled: true,
  filter: { gpu: ['H100'] },
  notify: { onAppear: true, onPriceDrop: true, priceDropPct: 10, onDisappear: false, cooldownMinutes: 0 },
  createdAt: '2026-12-06T00:00:00.000Z',
};

describe('ChannelDispatcher with the watches engine', () => {
  it('PagerDuty: trigger when the watch fires, one resolve when nothing matches any more', async () => {
    const rx = await startReceiver(() => ({ status: 202, body: '{"status":"success","message":"Event processed"}' }));
    receivers.push(rx);
    const clock = recordingClock();
    const pd = createChannel('oncall', parseTarget(`pagerduty:${PD_KEY}`), {
      clock,
      env: { CLOUDTOP_PAGERDUTY_BASE_URL: rx.url },
    });
    const d = new ChannelDispatcher({ channels: [pd], clock });
    const notifications = NotificationSettingsSchema.parse({ maxPer10Min: 50 });
    let state = initialWatchState();
    const step = async (offers: GpuOffer[], now: number) => {
      const r = evaluateWatches(state, { watches: [watch], previous: undefined, next: { offers }, notifications, now });
      state = r.state;
      for (const ev of r.events) await d.deliver(ev, { offers });
      await d.settle(state);
    };
    const t0 = Date.parse('2026-12-06T12:00:00Z');
    await step([offer('vastai:1', 2)], t0);
    await step([offer('vastai:1', 2), offer('vastai:2', 2.2)], t0 + 60_000); // still matching: no resolve
    await step([], t0 + 120_000); // nothing matches: resolve
    await step([], t0 + 180_000); // already resolved: nothing
    const bodies = rx.json<{ event_action: string; dedup_key: string }>();
    expect(bodies.map((b) => b.event_action)).toEqual(['trigger', 'trigger', 'resolve']);
    expect(new Set(bodies.map((b) => b.dedup_key)).size).toBe(1);
    expect(d.last('oncall')).toMatchObject({ ok: true, type: 'resolved', status: 202 });
  });

  it('quiet hours, pause and snooze suppress channel delivery exactly as desktop notifications', async () => {
    const rx = await startReceiver();
    receivers.push(rx);
    const clock = recordingClock();
    const d = new ChannelDispatcher({
      channels: [createChannel('hook', parseTarget(`webhook:${rx.url}/h`), { clock })],
      clock,
    });
    const quiet = NotificationSettingsSchema.parse({ quietHours: { enabled: true, start: '00:00', end: '23:59' } });
    const r = evaluateWatches(undefined, {
      watches: [watch],
      previous: undefined,
      next: { offers: [offer('vastai:1', 2)] },
      notifications: quiet,
      now: Date.parse('2026-12-06T12:00:00Z'),
      timeZone: { utcOffsetMinutes: 0 },
    });
    expect(r.events).toHaveLength(1);
    expect(r.events[0]!.suppressedReason).toBe('quiet-hours');
    for (const ev of r.events) expect(await d.deliver(ev)).toEqual([]);
    expect(rx.requests).toHaveLength(0);
  });

  it('records failures in the delivery log; no planted secret reaches a log call or a record', async () => {
    // Every receiver echoes its URL back in an error, as some services do.
    const rx = await startReceiver((req) => ({
      status: 400,
      body: `bad request to ${req.path} ${req.body.slice(0, 40)}`,
    }));
    receivers.push(rx);
    const lines: string[] = [];
    const clock = recordingClock();
    const env = { CLOUDTOP_TELEGRAM_BASE_URL: rx.url, CLOUDTOP_PAGERDUTY_BASE_URL: rx.url };
    const targets = [
      `slack:${rx.url}/services/T0/B0/${SLACK_TOKEN}`,
      `discord:${rx.url}/api/webhooks/1/${DISCORD_TOKEN}`,
      `telegram:${TELEGRAM_TOKEN}@42`,
      `pagerduty:${PD_KEY}`,
      `webhook:${rx.url}/h#${WEBHOOK_SECRET}`,
    ];
    const log = capturingLogger(lines);
    const channels = targets.map((t, i) => createChannel(`c${i}`, parseTarget(t), { clock, env, log }));
    const d = new ChannelDispatcher({ channels, clock, log });
    const r = evaluateWatches(undefined, {
      watches: [watch],
      previous: undefined,
      next: { offers: [offer('vastai:1', 2)] },
      notifications: NotificationSettingsSchema.parse({}),
      now: Date.now(),
    });
    const records = await d.deliver(r.events[0]!);
    expect(records).toHaveLength(5);
    expect(records.every((x) => !x.ok && x.status === 400)).toBe(true);
    const tests = await Promise.all(channels.map((c) => d.test(c.name)));
    expect(tests.every((x) => !x.ok)).toBe(true);
    const everything = JSON.stringify({ lines, history: d.history() });
    expect(lines.length).toBeGreaterThan(0);
    for (const s of ALL_SECRETS) expect(everything).not.toContain(s);
    expect(everything).not.toContain(WEBHOOK_SECRET.slice('whsec_'.length));
  });

  it('idle() waits for in-flight deliveries; unknown channels are reported, not thrown', async () => {
    let release!: () => void;
    const gate = new Promise<void>((ok) => (release = ok));
    const rx = await startReceiver();
    receivers.push(rx);
    const clock = recordingClock();
    const slow = createChannel('slow', parseTarget(`webhook:${rx.url}/h`), {
      clock,
      fetch: async (u, init) => {
        await gate;
        return fetch(u, init);
      },
    });
    const d = new ChannelDispatcher({ channels: [slow], clock });
    void d.test('slow');
    let done = false;
    const idle = d.idle().then(() => (done = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe(false);
    release();
    await idle;
    expect(rx.requests).toHaveLength(1);
    expect(await d.test('nope')).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
