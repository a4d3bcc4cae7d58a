import { describe, expect, it } from 'vitest';
import {
  TOOLTIP_MAX,
  buildTrayMenu,
  deepEqual,
  pauseUntil,
  tomorrowAt,
  trayIconState,
  type TrayMenuItem,
} from '../../../../src/shared/tray';
import { NOW, provider, settings, snapshot, watch } from './fixtures';

const labels = (items: TrayMenuItem[]): string[] =>
  items.flatMap((i) =>
    i.type === 'separator'
      ? ['—']
      : i.type === 'submenu'
        ? [i.label, ...labels(i.items).map((l) => `  ${l}`)]
        : [i.label],
  );

const h100 = watch({ id: 'w1', name: 'H100 under $3', filter: { gpu: ['H100'], maxPricePerGpuHour: 3 } });

describe('buildTrayMenu: watched GPUs', () => {
  it('shows the cheapest rentable offer per watched GPU with its provider and the match count', () => {
    const snap = snapshot([
      { id: 'a', gpu: 'H100 SXM', perGpuHour: 2.8, provider: 'vastai' },
      { id: 'b', gpu: 'H100 PCIe', perGpuHour: 2.1, provider: 'runpod' },
      { id: 'c', gpu: 'H100 SXM', perGpuHour: 1.5, provider: 'vastai', state: 'none' }, // sold out: not rentable
      { id: 'd', gpu: 'H100 SXM', perGpuHour: 3.5, provider: 'vastai' }, // over the watch's cap
      { id: 'e', gpu: 'A100 80GB', perGpuHour: 1.0, provider: 'vastai' }, // another GPU
    ]);
    const m = buildTrayMenu(snap, [h100], settings(), NOW);
    const row = m.items.find((i) => i.type === 'action' && i.action.type === 'focus-offer');
    expect(row).toEqual({
      type: 'action',
      label: 'H100: $2.10/GPU·h on RunPod (2 offers)',
      action: { type: 'focus-offer', offerId: 'runpod:b' },
      enabled: true,
    });
    expect(m.icon).toBe('available');
    expect(m.tooltip).toContain('$2.10/GPU·h on RunPod');
  });

  it('says "none available" (with the price cap) when nothing matches, and the icon is not "available"', () => {
    const snap = snapshot([{ gpu: 'H100 SXM', perGpuHour: 4, provider: 'vastai' }]);
    const m = buildTrayMenu(snap, [h100], settings(), NOW);
    expect(labels(m.items)).toContain('H100 ≤ $3.00: none available');
    expect(m.icon).toBe('ok');
  });

  it('one line per GPU a watch names; a watch with no GPU list is one line under its name', () => {
    const snap = snapshot([
      { gpu: 'RTX 4090', perGpuHour: 0.35 },
      { gpu: 'A100 80GB', perGpuHour: 1.2 },
    ]);
    const ws = [
      watch({ name: 'two', filter: { gpu: ['4090', 'A100'] } }),
      watch({ name: 'anything cheap', filter: { maxPricePerGpuHour: 0.5 } }),
    ];
    const l = labels(buildTrayMenu(snap, ws, settings(), NOW).items);
    expect(l).toContain('4090: $0.350/GPU·h on Vast.ai');
    expect(l).toContain('A100: $1.20/GPU·h on Vast.ai');
    expect(l).toContain('anything cheap: $0.350/GPU·h on Vast.ai');
  });

  it('ignores disabled and snoozed watches, counts a snooze that ended', () => {
    const snap = snapshot([{ gpu: 'H100 SXM', perGpuHour: 2 }]);
    const off = watch({ enabled: false, filter: { gpu: ['H100'] } });
    const snoozed = watch({ filter: { gpu: ['H100'] }, snoozedUntil: new Date(NOW + 60_000).toISOString() });
    const ended = watch({ filter: { gpu: ['H100'] }, snoozedUntil: new Date(NOW - 60_000).toISOString() });
    expect(trayIconState(snap, [off, snoozed], NOW)).toBe('ok');
    expect(trayIconState(snap, [ended], NOW)).toBe('available');
  });

  it('rentable lines first (cheapest first), capped with a "more" line', () => {
    const ws = Array.from({ length: 12 }, (_, i) => watch({ name: `w${i}`, filter: { gpu: [`RTX ${3000 + i}`] } }));
    ws.push(watch({ filter: { gpu: ['L40S'] } }));
    const snap = snapshot([{ gpu: 'L40S', perGpuHour: 0.9 }]);
    const m = buildTrayMenu(snap, ws, settings(), NOW, { maxWatchLines: 5 });
    const l = labels(m.items);
    expect(l[1]).toBe('L40S: $0.900/GPU·h on Vast.ai');
    expect(l).toContain('… 8 more in the window');
  });

  it('says how to add a watch when there is none', () => {
    expect(labels(buildTrayMenu(snapshot(), [], settings(), NOW).items)[0]).toBe('No watches: add one in the window');
  });
});

describe('buildTrayMenu: health, icon and tooltip', () => {
  it('one health line per provider in use; unconfigured and disabled providers are left out', () => {
    const snap = snapshot(
      [],
      [
        provider({ provider: 'vastai', offerCount: 1234 }),
        provider({
          provider: 'runpod',
          state: 'error',
          stale: true,
          error: { code: 'auth', message: 'RunPod rejected the API key (401)', retryable: false },
        }),
        provider({ provider: 'lambda', stale: true, lastSuccess: new Date(NOW - 20 * 60_000).toISOString() }),
        provider({ provider: 'cloudflare', resourceCount: 4 }),
        provider({ provider: 'neon', state: 'unconfigured' }),
        provider({ provider: 'oci', state: 'disabled' }),
      ],
    );
    const l = labels(buildTrayMenu(snap, [], settings(), NOW).items);
    expect(l).toEqual(
      expect.arrayContaining([
        'Vast.ai: OK · 1,234 offers',
        'RunPod: error: RunPod rejected the API key (401)',
        'Lambda: stale, last update 20 min ago',
        'Cloudflare: OK · 4 resources',
        'Last refresh: 1 min ago',
      ]),
    );
    expect(l.join('\n')).not.toMatch(/Neon|Oracle/);
  });

  it('icon priority: available > error > stale > ok', () => {
    const err = provider({
      provider: 'runpod',
      state: 'error',
      error: { code: 'network', message: 'down', retryable: true },
    });
    const stale = provider({ provider: 'lambda', stale: true });
    const ok = provider({ provider: 'vastai' });
    const avail = [{ gpu: 'H100 SXM', perGpuHour: 2 }];
    expect(trayIconState(snapshot(avail, [ok, err, stale]), [h100], NOW)).toBe('available');
    expect(trayIconState(snapshot([], [ok, err, stale]), [h100], NOW)).toBe('error');
    expect(trayIconState(snapshot([], [ok, stale]), [h100], NOW)).toBe('stale');
    expect(trayIconState(snapshot([], [ok]), [h100], NOW)).toBe('ok');
    // An unconfigured provider with an error record does not turn the icon red.
    expect(trayIconState(snapshot([], [ok, { ...err, state: 'unconfigured' }]), [], NOW)).toBe('ok');
  });

  it('tooltip stays within the Windows limit, strips control characters, flags demo data', () => {
    const long = 'x'.repeat(300);
    const snap = {
      ...snapshot(
        [{ gpu: 'H100 SXM', perGpuHour: 2 }],
        [provider({ provider: 'vastai', displayName: `Vast\u0007${long}` })],
      ),
      demo: true,
    };
    const m = buildTrayMenu(snap, [h100], settings(), NOW);
    expect(m.tooltip.length).toBeLessThanOrEqual(TOOLTIP_MAX);
    expect(m.tooltip).toMatch(/^cloudtop \(demo data\): /);
    expect(m.tooltip).not.toContain('\u0007');
    for (const l of labels(m.items)) expect(l.length).toBeLessThanOrEqual(82);
  });

  it('tooltip counts failing providers and says when all is well', () => {
    const err = provider({
      provider: 'runpod',
      state: 'error',
      error: { code: 'network', message: 'x', retryable: true },
    });
    expect(buildTrayMenu(snapshot([], [err, { ...err, provider: 'lambda' }]), [], settings(), NOW).tooltip).toBe(
      'cloudtop: 2 providers failing',
    );
    expect(buildTrayMenu(snapshot(), [], settings(), NOW).tooltip).toBe('cloudtop: all providers OK');
    expect(buildTrayMenu(snapshot([], []), [], settings(), NOW).tooltip).toBe('cloudtop: no providers configured');
  });
});

describe('buildTrayMenu: actions', () => {
  const actions = (items: TrayMenuItem[]): string[] =>
    items.flatMap((i) =>
      i.type === 'action'
        ? [i.action.type + (i.enabled ? '' : '(disabled)')]
        : i.type === 'submenu'
          ? actions(i.items)
          : [],
    );

  it('open, refresh, pause 1 h / until tomorrow, quit', () => {
    const m = buildTrayMenu(snapshot(), [], settings(), NOW);
    expect(actions(m.items)).toEqual(['open', 'refresh', 'pause', 'pause', 'quit']);
    const sub = m.items.find((i) => i.type === 'submenu');
    expect(sub).toMatchObject({
      label: 'Pause notifications',
      items: [
        { label: 'For 1 hour', action: { span: '1h' } },
        { label: 'Until tomorrow 08:00', action: { span: 'tomorrow' } },
      ],
    });
  });

  it('while paused: shows until when and offers resume', () => {
    const until = NOW + 45 * 60_000;
    const m = buildTrayMenu(snapshot(), [], settings({ pausedUntil: new Date(until).toISOString() }), NOW);
    const d = new Date(until);
    const hhmm = `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
    expect(labels(m.items)).toContain(`Notifications paused until ${hhmm}`);
    expect(actions(m.items)).toEqual(['open', 'refresh', 'resume', 'quit']);
    // A pause that ended is not a pause.
    expect(
      actions(buildTrayMenu(snapshot(), [], settings({ pausedUntil: new Date(NOW - 1).toISOString() }), NOW).items),
    ).toContain('pause');
  });

  it('notifications turned off in settings: no pause entries, a note instead', () => {
    const m = buildTrayMenu(snapshot(), [], settings({ enabled: false }), NOW);
    expect(labels(m.items)).toContain('Notifications are off (Settings)');
    expect(actions(m.items)).toEqual(['open', 'refresh', 'quit']);
  });

  it('refresh is disabled while refreshing', () => {
    const m = buildTrayMenu(snapshot(), [], settings(), NOW, { refreshing: true });
    expect(actions(m.items)).toContain('refresh(disabled)');
    expect(labels(m.items)).toContain('Refreshing…');
  });

  it('pauseUntil: one hour from now, or tomorrow at 08:00 local time', () => {
    expect(pauseUntil('1h', NOW)).toBe(new Date(NOW + 3_600_000).toISOString());
    const t = new Date(pauseUntil('tomorrow', NOW));
    const today = new Date(NOW);
    expect(t.getHours()).toBe(8);
    expect(t.getMinutes()).toBe(0);
    expect(t.getTime()).toBeGreaterThan(NOW);
    expect(t.getDate()).toBe(new Date(today.getFullYear(), today.getMonth(), today.getDate() + 1).getDate());
    expect(tomorrowAt(NOW, 0)).toBeGreaterThan(NOW);
  });
});

describe('model stability (no rebuild storms)', () => {
  it('the same inputs a few seconds apart give a deep-equal model', () => {
    const snap = snapshot([{ gpu: 'H100 SXM', perGpuHour: 2 }]);
    const a = buildTrayMenu(snap, [h100], settings(), NOW);
    const b = buildTrayMenu(structuredClone(snap), [structuredClone(h100)], settings(), NOW + 5_000);
    expect(deepEqual(a, b)).toBe(true);
  });

  it('a new snapshot version with the same content gives the same model; a price change does not', () => {
    const snap = snapshot([{ id: 'x', gpu: 'H100 SXM', perGpuHour: 2 }]);
    const a = buildTrayMenu(snap, [h100], settings(), NOW);
    expect(
      deepEqual(
        a,
        buildTrayMenu({ ...snap, version: 99, takenAt: new Date(NOW).toISOString() }, [h100], settings(), NOW),
      ),
    ).toBe(true);
    const cheaper = { ...snap, offers: snap.offers.map((o) => ({ ...o, price: { ...o.price, perGpuHour: 1.9 } })) };
    expect(deepEqual(a, buildTrayMenu(cheaper, [h100], settings(), NOW))).toBe(false);
  });
});

describe('deepEqual', () => {
  it('compares plain data structurally', () => {
    expect(deepEqual({ a: [1, { b: 'x' }] }, { a: [1, { b: 'x' }] })).toBe(true);
    expect(deepEqual({ a: [1, { b: 'x' }] }, { a: [1, { b: 'y' }] })).toBe(false);
    expect(deepEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(deepEqual([1], { 0: 1 })).toBe(false);
    expect(deepEqual(null, {})).toBe(false);
    expect(deepEqual(NaN, NaN)).toBe(true);
  });
});
