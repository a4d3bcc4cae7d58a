import { beforeEach, describe, expect, it } from 'vitest';
import { Notification, resetElectronMock } from '../../mocks/electron';
import { NotificationRouter, type NotificationCtor } from '../../../src/main/notifications';
import type { AlertEvent } from '../../../src/shared/model';

const SECRET = 'sk-live-planted-0123456789';

function event(e: Partial<AlertEvent> = {}): AlertEvent {
  return {
    id: 'evt_1',
    watchId: 'w1',
    watchName: 'H100 under $3',
    kind: 'appeared',
    at: '2026-03-10T12:00:00.000Z',
    suppressed: false,
    offers: [
      {
        offerId: 'vastai:42',
        provider: 'vastai',
        model: 'H100-SXM',
        count: 8,
        perGpuHour: 2.49,
        perHour: 19.92,
        region: 'us-east',
      },
    ],
    ...e,
  };
}

function router(clicks: string[] = []) {
  return new NotificationRouter({
    Notification: Notification as unknown as NotificationCtor,
    providerNames: () => ({ vastai: 'Vast.ai' }),
    onClick: (id) => clicks.push(id),
  });
}

beforeEach(() => resetElectronMock());

describe('NotificationRouter', () => {
  it('shows an alert as a native notification with the price and provider', () => {
    const r = router();
    r.notify(event());
    expect(Notification.instances).toHaveLength(1);
    const n = Notification.instances[0]!;
    expect(n.shown).toBe(true);
    expect(n.title).toBe('H100-SXM available: $2.49/GPU·h');
    expect(n.body).toContain('Vast.ai');
    expect(n.body).toContain('$19.92/h');
    expect(Buffer.byteLength(n.body)).toBeLessThanOrEqual(256);
  });

  it('the native notification carries the line of history the core put on the event', () => {
    const r = router();
    const e = event();
    r.notify({ ...e, offers: [{ ...e.offers[0]!, typicalStay: { meanMs: 14 * 60_000, episodes: 9 } }] });
    expect(Notification.instances[0]!.body).toContain('\nstayed 14 min on average last week (9 times)\n');
  });

  it('a click opens the window on that offer', () => {
    const clicks: string[] = [];
    const r = router(clicks);
    r.notify(event());
    Notification.instances[0]!.click();
    expect(clicks).toEqual(['vastai:42']);
  });

  it.each(['quiet-hours', 'snoozed', 'paused', 'cap'] as const)(
    'does not show an event the core suppressed (%s)',
    (reason) => {
      const r = router();
      r.notify(event({ suppressed: true, suppressedReason: reason }));
      expect(Notification.instances).toHaveLength(0);
      expect(r.counts.suppressed).toBe(1);
    },
  );

  it('does nothing where the platform has no notifications', () => {
    Notification.supported = false;
    const r = router();
    r.notify(event());
    expect(Notification.instances).toHaveLength(0);
    expect(r.counts.unsupported).toBe(1);
  });

  it('keeps a bounded number of live notifications (click handlers stay alive, memory does not grow)', () => {
    const clicks: string[] = [];
    const r = new NotificationRouter({
      Notification: Notification as unknown as NotificationCtor,
      providerNames: () => ({}),
      onClick: (id) => clicks.push(id),
      maxLive: 3,
    });
    for (let i = 0; i < 10; i++) r.notify(event({ id: `e${i}` }));
    expect((r as unknown as { live: Set<unknown> }).live.size).toBe(3);
    Notification.instances[9]!.click();
    expect(clicks).toEqual(['vastai:42']);
  });

  it('nothing secret can reach the text: only offer facts, names and the watch name are used', () => {
    const r = router();
    // Fields that are not part of an AlertEvent (a bug upstream) never reach the text.
    r.notify({ ...event(), apiKey: SECRET } as AlertEvent);
    const n = Notification.instances[0]!;
    expect(JSON.stringify(n.options)).not.toContain(SECRET);
  });

  it('plain notices are cut to the platform limit', () => {
    const r = router();
    r.notice('t', 'é'.repeat(400));
    expect(Buffer.byteLength(Notification.instances[0]!.body)).toBeLessThanOrEqual(256);
  });
});
