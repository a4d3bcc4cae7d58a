import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildTrayMenu,
  type TrayAction,
  type TrayIconState,
  type TrayMenuItem,
  type TrayMenuModel,
} from '../../../src/shared/tray';
import {
  TrayController,
  toMenuTemplate,
  trayIconFile,
  trayIconVariant,
  type IconVariant,
  type TimerLike,
} from '../../../src/main/tray';
import { NOW, provider, settings, snapshot, watch } from '../shared/tray/fixtures';

/** Manual timers: time moves only when the test says so. */
class ManualTimers implements TimerLike {
  t = 0;
  private q: Array<{ at: number; fn: () => void; id: number }> = [];
  private seq = 0;
  setTimeout(fn: () => void, ms: number) {
    const id = ++this.seq;
    this.q.push({ at: this.t + ms, fn, id });
    return id;
  }
  clearTimeout(h: unknown) {
    this.q = this.q.filter((x) => x.id !== h);
  }
  now() {
    return this.t;
  }
  advance(ms: number) {
    this.t += ms;
    for (;;) {
      const due = this.q.filter((x) => x.at <= this.t).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.q = this.q.filter((x) => x !== due);
      due.fn();
    }
  }
  get pending() {
    return this.q.length;
  }
}

function recordingView() {
  const calls: string[] = [];
  return {
    calls,
    menus: [] as TrayMenuItem[][],
    setIcon(state: TrayIconState, variant: IconVariant) {
      calls.push(`icon:${state}:${variant}`);
    },
    setToolTip(t: string) {
      calls.push(`tooltip:${t}`);
    },
    setMenu(items: readonly TrayMenuItem[]) {
      calls.push('menu');
      this.menus.push([...items]);
    },
  };
}

describe('TrayController', () => {
  const h100 = watch({ filter: { gpu: ['H100'] } });

  function setup(minIntervalMs = 1000) {
    const timers = new ManualTimers();
    let snap = snapshot([{ gpu: 'H100 SXM', perGpuHour: 2.5 }]);
    const view = recordingView();
    const computed = { n: 0 };
    const ctl = new TrayController({
      view,
      timers,
      variant: () => 'light',
      minIntervalMs,
      model: (now) => {
        computed.n++;
        return buildTrayMenu(snap, [h100], settings(), NOW + now);
      },
    });
    return { ctl, view, timers, computed, setSnap: (s: typeof snap) => (snap = s) };
  }

  it('first render sets icon, tooltip and menu once', () => {
    const { ctl, view } = setup();
    ctl.render();
    expect(view.calls.filter((c) => c.startsWith('icon'))).toEqual(['icon:available:light']);
    expect(view.calls.filter((c) => c === 'menu')).toHaveLength(1);
  });

  it('a burst of 500 snapshots with nothing visible changed: one recompute, zero native calls', () => {
    const { ctl, view, timers, computed } = setup();
    ctl.render();
    const before = view.calls.length;
    for (let i = 0; i < 500; i++) ctl.invalidate();
    expect(computed.n).toBe(1); // nothing yet: throttled to the trailing edge
    timers.advance(1000);
    expect(computed.n).toBe(2);
    expect(view.calls.length).toBe(before);
  });

  it('a change is shown on the trailing edge, once, and only the parts that changed are set', () => {
    const { ctl, view, timers, setSnap } = setup();
    ctl.render();
    view.calls.length = 0;
    for (let p = 2.4; p > 2.0; p -= 0.1) {
      setSnap(snapshot([{ gpu: 'H100 SXM', perGpuHour: Number(p.toFixed(2)) }]));
      ctl.invalidate();
    }
    timers.advance(999);
    expect(view.calls).toEqual([]);
    timers.advance(1);
    // The icon stays "available": only tooltip and menu are set, once each, with the last price.
    expect(view.calls.filter((c) => c.startsWith('icon'))).toEqual([]);
    expect(view.calls.filter((c) => c === 'menu')).toHaveLength(1);
    expect(view.calls.find((c) => c.startsWith('tooltip'))).toContain('$2.10');
  });

  it('at most one render per interval however long the storm lasts', () => {
    const { ctl, timers, setSnap } = setup(1000);
    ctl.render();
    for (let i = 0; i < 10_000; i++) {
      setSnap(snapshot([{ gpu: 'H100 SXM', perGpuHour: 1 + (i % 50) / 100 }]));
      ctl.invalidate();
      timers.advance(1); // 10 s of snapshots, one per millisecond
    }
    timers.advance(1000);
    expect(ctl.counts.renders).toBeLessThanOrEqual(12);
    expect(ctl.counts.menu).toBeLessThanOrEqual(ctl.counts.renders);
  });

  it('an icon change (provider error) and a theme change set the image', () => {
    let variant: IconVariant = 'light';
    const timers = new ManualTimers();
    const view = recordingView();
    let snap = snapshot([], [provider({ provider: 'vastai' })]);
    const ctl = new TrayController({
      view,
      timers,
      variant: () => variant,
      model: (n) => buildTrayMenu(snap, [], settings(), NOW + n),
    });
    ctl.render();
    snap = snapshot(
      [],
      [provider({ provider: 'vastai', state: 'error', error: { code: 'network', message: 'x', retryable: true } })],
    );
    ctl.render();
    variant = 'dark';
    ctl.render();
    expect(view.calls.filter((c) => c.startsWith('icon'))).toEqual([
      'icon:ok:light',
      'icon:error:light',
      'icon:error:dark',
    ]);
  });

  it('render() now cancels a pending trailing render; dispose stops everything', () => {
    const { ctl, timers } = setup();
    ctl.render();
    ctl.invalidate();
    expect(timers.pending).toBe(1);
    ctl.render();
    expect(timers.pending).toBe(0);
    ctl.invalidate();
    ctl.dispose();
    expect(timers.pending).toBe(0);
    ctl.invalidate();
    expect(timers.pending).toBe(0);
  });
});

describe('native menu template', () => {
  const model: TrayMenuModel = buildTrayMenu(
    snapshot([{ id: 'z', gpu: 'H100 SXM', perGpuHour: 2 }]),
    [watch({ filter: { gpu: ['H100'] } })],
    settings(),
    NOW,
  );

  it('labels are disabled items, actions click through to onAction, submenus nest', () => {
    const got: TrayAction[] = [];
    const t = toMenuTemplate(model.items, (a) => got.push(a), 'linux');
    const labels = t.filter((i) => i.enabled === false).map((i) => i.label);
    expect(labels).toContain('Watched GPUs');
    const offer = t.find((i) => i.label?.startsWith('H100:'))!;
    (offer.click as () => void)();
    const sub = t.find((i) => i.label === 'Pause notifications')!;
    const [oneHour] = sub.submenu as Array<{ click: () => void }>;
    oneHour!.click();
    t.find((i) => i.label === 'Quit cloudtop')!.click!(undefined as never, undefined, undefined as never);
    expect(got).toEqual([
      { type: 'focus-offer', offerId: 'vastai:z' },
      { type: 'pause', span: '1h' },
      { type: 'quit' },
    ]);
  });

  it('escapes & (mnemonic marker) outside macOS', () => {
    const items: TrayMenuItem[] = [{ type: 'label', label: 'R&D account' }];
    expect(toMenuTemplate(items, () => {}, 'win32')[0]!.label).toBe('R&&D account');
    expect(toMenuTemplate(items, () => {}, 'darwin')[0]!.label).toBe('R&D account');
  });
});

describe('tray icons', () => {
  it('template images on macOS, light/dark elsewhere', () => {
    expect(trayIconVariant('darwin', true)).toBe('template');
    expect(trayIconVariant('linux', true)).toBe('dark');
    expect(trayIconVariant('win32', false)).toBe('light');
    expect(trayIconFile('/r', 'stale', 'template')).toBe(path.join('/r', 'staleTemplate.png'));
    expect(trayIconFile('/r', 'available', 'dark')).toBe(path.join('/r', 'available-dark.png'));
  });
});
