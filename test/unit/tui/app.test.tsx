/** `cloudtop top` as a user sees it: the four panes at 80×24, the keys, ASCII and no-colour modes. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup } from 'ink-testing-library';
import { KEY, setup } from './render';
import { makeOffer } from '../../helpers/fake-core';
import type { AlertEvent } from '../../../src/shared/model';

afterEach(() => cleanup());

const waitFor = (fn: () => void) => vi.waitFor(fn, { timeout: 3000, interval: 10 });
const lines = (s: string) => s.split('\n');

function alert(id: string, over: Partial<AlertEvent> = {}): AlertEvent {
  return {
    id,
    watchId: 'w1',
    watchName: 'H100',
    kind: 'appeared',
    at: new Date().toISOString(),
    offers: [
      {
        offerId: 'vastai:1',
        provider: 'vastai',
        model: 'H100-SXM',
        count: 8,
        perGpuHour: 1.99,
        perHour: 15.92,
        region: 'us-ca',
      },
    ],
    suppressed: false,
    ...over,
  } as AlertEvent;
}

describe('cloudtop top: layout', () => {
  it('shows the providers header and the GPU, Resources and Alerts panes in exactly 80×24', async () => {
    const t = setup();
    await waitFor(() => expect(t.frame()).toContain('[ 1 GPUs ]'));
    const f = t.frame();
    expect(f).toContain('4 Providers');
    expect(f).toContain('2 Resources');
    expect(f).toContain('3 Alerts');
    expect(f).toMatch(/Vast\.ai/);
    expect(f).toMatch(/H100-SXM|H200|A100/);
    const ls = lines(f);
    expect(ls).toHaveLength(24);
    for (const l of ls) expect(l.length).toBeLessThanOrEqual(80);
    // The footer names the keys.
    expect(ls[23]).toContain('q quit');
  });

  it('groups with the shared groupByModel: one row per model, cheapest first, available/total', async () => {
    const t = setup();
    await waitFor(() => expect(t.frame()).toContain('$/GPU-h'));
    const { groupByModel } = await import('../../../src/shared/offers/group');
    const groups = groupByModel(t.core.snapshot().offers);
    const first = groups[0]!;
    const row = lines(t.frame()).find((l) => l.includes(first.model) && l.includes('›'))!;
    expect(row).toContain(`$${first.cheapest!.perGpuHour.toFixed(2)}`);
    expect(row).toContain(`${first.availableCount}/${first.offerCount}`);
    expect(row).toContain(`${first.cheapest!.provider} ${first.cheapest!.regionId}`);
  });

  it('10,000 offers still draw 24 lines (only the visible rows are rendered)', async () => {
    const t = setup({ offers: 10_000 });
    await waitFor(() => expect(t.frame()).toContain('10,000 offers'));
    expect(lines(t.frame())).toHaveLength(24);
  });

  it('reflows to a wider terminal: more columns, the sparkline column, panes side by side', async () => {
    const t = setup({ columns: 140, rows: 40 });
    await waitFor(() => expect(t.frame()).toContain('PRICE (session)'));
    // The providers header has room for whole names.
    expect(t.frame()).toContain('Oracle Cloud');
    expect(t.frame()).toContain('Cloudflare');
    const ls = lines(t.frame());
    expect(ls).toHaveLength(40);
    expect(Math.max(...ls.map((l) => l.length))).toBeGreaterThan(100);
  });

  it('stacks Resources over Alerts below 80 columns', async () => {
    const t = setup({ columns: 60, rows: 30 });
    await waitFor(() => expect(t.frame()).toContain('3 Alerts'));
    const ls = lines(t.frame());
    const res = ls.findIndex((l) => l.includes('2 Resources'));
    const al = ls.findIndex((l) => l.includes('3 Alerts'));
    expect(al).toBeGreaterThan(res);
    for (const l of ls) expect(l.length).toBeLessThanOrEqual(60);
  });
});

describe('cloudtop top: keys', () => {
  it('Tab and 1-4 move the focus between panes', async () => {
    const t = setup();
    await waitFor(() => expect(t.frame()).toContain('[ 1 GPUs ]'));
    await t.press(KEY.tab);
    await waitFor(() => expect(t.frame()).toContain('[ 2 Resources ]'));
    await t.press(KEY.tab);
    await waitFor(() => expect(t.frame()).toContain('[ 3 Alerts ]'));
    await t.press('4');
    await waitFor(() => expect(t.frame()).toContain('[ 4 Providers ]'));
    // Focused, the providers pane lists every provider with state, age and rate-limit use.
    expect(t.frame()).toMatch(/PROVIDER\s+STATE\s+AGE\s+RATE/);
    await t.press('1');
    await waitFor(() => expect(t.frame()).toContain('[ 1 GPUs ]'));
  });

  it('j/k and arrows move the selection', async () => {
    const t = setup();
    await waitFor(() => expect(t.frame()).toContain('›'));
    const selected = () => lines(t.frame()).find((l) => l.startsWith('›'))!;
    const first = selected();
    await t.press('j');
    await waitFor(() => expect(selected()).not.toBe(first));
    await t.press(KEY.up);
    await waitFor(() => expect(selected()).toBe(first));
    await t.press(KEY.down, 'k');
    await waitFor(() => expect(selected()).toBe(first));
  });

  it('/ filters every pane with the window search syntax; Esc clears it', async () => {
    const t = setup();
    await waitFor(() => expect(t.frame()).toContain('[ 1 GPUs ]'));
    await t.press('/', 'h', '1', '0', '0');
    await waitFor(() => expect(t.frame()).toContain('filter /h100'));
    await t.press(KEY.enter);
    await waitFor(() => expect(t.frame()).toContain('filter "h100"'));
    const gpuLines = lines(t.frame()).filter((l) => /\$\d+\.\d\d/.test(l));
    expect(gpuLines.length).toBeGreaterThan(0);
    for (const l of gpuLines) expect(l).toMatch(/H100/);
    expect(t.frame()).toMatch(/2 models/);
    await t.press(KEY.escape);
    await waitFor(() => expect(t.frame()).not.toContain('filter "h100"'));
  });

  it('a chunk of keys (a paste, tmux send-keys) is handled key by key', async () => {
    const t = setup();
    await waitFor(() => expect(t.frame()).toContain('[ 1 GPUs ]'));
    t.stdin.write('/h200\r');
    await waitFor(() => expect(t.frame()).toContain('filter "h200"'));
  });

  it('s cycles the sort of the focused pane', async () => {
    const t = setup();
    await waitFor(() => expect(t.frame()).toContain('sort $/GPU-h'));
    await t.press('s');
    await waitFor(() => expect(t.frame()).toContain('sort available'));
    await t.press('s', 's', 's');
    await waitFor(() => expect(t.frame()).toContain('sort $/GPU-h'));
    await t.press('2', 's');
    await waitFor(() => expect(t.frame()).toContain('sort name'));
  });

  it('Enter shows every field of the cheapest offer with its console link; Esc closes', async () => {
    const t = setup();
    await waitFor(() => expect(t.frame()).toContain('[ 1 GPUs ]'));
    await t.press(KEY.enter);
    await waitFor(() => expect(t.frame()).toContain('console:'));
    const f = t.frame();
    expect(f).toMatch(/Cheapest of \d+ offers/);
    for (const field of ['price.perGpuHour', 'gpu.model', 'region.id', 'availability.state'])
      expect(f).toContain(field);
    await t.press(KEY.escape);
    await waitFor(() => expect(t.frame()).toContain('[ 1 GPUs ]'));
  });

  it('Enter on a resource shows its fields and latest metrics', async () => {
    const t = setup({ rows: 40 });
    await t.press('2');
    await waitFor(() => expect(t.frame()).toContain('[ 2 Resources ]'));
    await t.press(KEY.enter);
    await waitFor(() => expect(t.frame()).toContain('console:'));
    expect(t.frame()).toContain('kind');
    expect(t.frame()).toContain('state');
  });

  it('w watches the selected model; the alert it fires appears in pane 3 and rings the bell', async () => {
    const t = setup();
    await waitFor(() => expect(t.frame()).toContain('No watches'));
    const model = lines(t.frame())
      .find((l) => l.startsWith('›'))!
      .slice(2)
      .trim()
      .split(/\s+/)[0]!;
    await t.press('w');
    await waitFor(() => expect(t.frame()).toContain(`Watching ${model}`));
    expect(t.core.watches.list().map((w) => w.filter.gpu)).toEqual([[model]]);
    // The next poll brings a matching offer: the watch fires.
    t.core.addOffers([makeOffer(90_001, { model, perGpuHour: 0.01, provider: 'runpod', region: 'eu-de' })]);
    await waitFor(() => expect(t.frame()).toMatch(/appeared\s+\$0\.01/));
    expect(t.bell).toHaveBeenCalledTimes(1);
    // A second w on the same model does not add a duplicate.
    await t.press('w');
    await waitFor(() => expect(t.frame()).toContain('Already watching'));
    expect(t.core.watches.list()).toHaveLength(1);
  });

  it('suppressed alerts are listed but do not ring the bell', async () => {
    const t = setup();
    await waitFor(() => expect(t.frame()).toContain('[ 1 GPUs ]'));
    t.core.emitAlert(alert('a1', { suppressed: true, suppressedReason: 'quiet-hours' } as Partial<AlertEvent>));
    await waitFor(() => expect(t.frame()).toContain('(appeared)'));
    expect(t.bell).not.toHaveBeenCalled();
    t.core.emitAlert(alert('a2'));
    await waitFor(() => expect(t.bell).toHaveBeenCalledTimes(1));
  });

  it('r refreshes every provider now', async () => {
    const t = setup();
    await waitFor(() => expect(t.frame()).toContain('[ 1 GPUs ]'));
    await t.press('r');
    await waitFor(() => expect(t.core.calls.filter((c) => c.startsWith('refresh')).length).toBe(1));
  });

  it('? shows the key help; Esc closes it', async () => {
    const t = setup();
    await waitFor(() => expect(t.frame()).toContain('[ 1 GPUs ]'));
    await t.press('?');
    await waitFor(() => expect(t.frame()).toContain('cloudtop top: keys'));
    expect(t.frame()).toContain('Shift+Tab');
    await t.press(KEY.escape);
    await waitFor(() => expect(t.frame()).toContain('[ 1 GPUs ]'));
  });

  it('q ends the app (ink unmounts the tree, which restores the terminal)', async () => {
    const t = setup();
    await waitFor(() => expect(t.frame()).toContain('[ 1 GPUs ]'));
    await t.press('j');
    expect(t.state.unmounted).toBe(false);
    await t.press('q');
    await waitFor(() => expect(t.state.unmounted).toBe(true));
  });

  it('q inside the filter prompt is a letter, not quit', async () => {
    const t = setup();
    await waitFor(() => expect(t.frame()).toContain('[ 1 GPUs ]'));
    await t.press('/', 'q');
    await waitFor(() => expect(t.frame()).toContain('filter /q'));
    expect(t.state.unmounted).toBe(false);
  });
});

describe('cloudtop top: degraded terminals', () => {
  it('non-UTF-8: every character on screen is ASCII (sparklines, arrows, rules, state marks)', async () => {
    const t = setup({ ascii: true });
    await waitFor(() => expect(t.frame()).toContain('[ 1 GPUs ]'));
    t.core.update((s) => ({
      ...s,
      offers: s.offers.map((o) => ({ ...o, price: { ...o.price, perGpuHour: o.price.perGpuHour * 0.9 } })),
    }));
    t.core.emitAlert(alert('x', { watchName: 'H100, ≥2 GPUs, ≤ $2.50/GPU-h' }));
    await waitFor(() => expect(t.frame()).toContain('appeared'));
    // eslint-disable-next-line no-control-regex
    expect(t.frame()).toMatch(/^[\x00-\x7f]*$/);
    await t.press('4');
    await waitFor(() => expect(t.frame()).toContain('[ 4 Providers ]'));
    // eslint-disable-next-line no-control-regex
    expect(t.frame()).toMatch(/^[\x00-\x7f]*$/);
  });

  it('no colour: the selection is still marked with the cursor glyph', async () => {
    const t = setup({ color: false });
    await waitFor(() => expect(t.frame()).toContain('[ 1 GPUs ]'));
    expect(lines(t.frame()).filter((l) => l.startsWith('›')).length).toBeGreaterThan(0);
  });
});
