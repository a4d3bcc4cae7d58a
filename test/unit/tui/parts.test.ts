/** The TUI's pure parts: sparklines, trends, charset, cells, windowing, session history, layout, keys. */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sparkline, trendOf, trendGlyph } from '../../../src/node/tui/sparkline';
import { ASCII_GLYPHS, UNICODE_GLYPHS, glyphsFor, localeIsUtf8 } from '../../../src/node/tui/glyphs';
import { fit, fitEnd, oneLine, toAscii, visibleWindow } from '../../../src/node/tui/text';
import { SessionPriceHistory, StoredPriceHistory } from '../../../src/node/tui/price-history';
import { gpuRows, resourceRows, alertRows, providerRows, mainMetric } from '../../../src/node/tui/view-model';
import { layout, splitChunk } from '../../../src/node/tui/ui/App';
import { KEY_HELP } from '../../../src/node/tui/keys';
import { groupByModel } from '../../../src/shared/offers/group';
import { filterOffers } from '../../../src/shared/filter';
import { FakeCore, makeOffer } from '../../helpers/fake-core';
import type { Key } from 'ink';
import { compactLayout, freshness, rateUse } from '../../../src/node/tui/ui/ProvidersPane';
import type { ProviderStatus } from '../../../src/shared/model';
import { alertDetails } from '../../../src/node/tui/details';

describe('sparkline', () => {
  const levels = UNICODE_GLYPHS.spark;
  it('scales between min and max, newest on the right, padded on the left', () => {
    expect(sparkline([1, 2, 3], 5, levels)).toBe('  ▁▅█');
    expect(sparkline([5, 5, 5], 3, levels)).toBe('▄▄▄');
    expect(sparkline([], 3, levels)).toBe('   ');
    expect(sparkline([1, 2, 3, 4], 2, levels)).toBe('▁█');
  });
  it('shows gaps for sold-out samples', () => {
    expect(sparkline([1, Number.NaN, 3], 3, levels)).toBe('▁ █');
  });
  it('ASCII levels are ASCII', () => {
    expect(sparkline([1, 9, 3, 7], 4, ASCII_GLYPHS.spark)).toMatch(/^[\x20-\x7e]+$/);
  });
});

describe('trend', () => {
  it('is the direction of the most recent change', () => {
    expect(trendOf([2, 2, 1, 1])).toBe('down');
    expect(trendOf([1, 2, 2])).toBe('up');
    expect(trendOf([2, 2])).toBe('flat');
    expect(trendOf([2])).toBeUndefined();
    expect(trendOf([1, Number.NaN, 3])).toBe('up');
    expect(trendGlyph('down', ASCII_GLYPHS)).toBe('v');
  });
});

describe('charset', () => {
  it('UTF-8 only when the deciding locale variable says so (LC_ALL, then LC_CTYPE, then LANG)', () => {
    expect(localeIsUtf8({ LANG: 'en_US.UTF-8' })).toBe(true);
    expect(localeIsUtf8({ LANG: 'de_DE.utf8' })).toBe(true);
    expect(localeIsUtf8({ LANG: 'C' })).toBe(false);
    expect(localeIsUtf8({})).toBe(false);
    expect(localeIsUtf8({ LC_ALL: 'C', LANG: 'en_US.UTF-8' })).toBe(false);
    expect(localeIsUtf8({ LC_ALL: '', LC_CTYPE: 'C.UTF-8', LANG: 'C' })).toBe(true);
    expect(glyphsFor({ LANG: 'POSIX' })).toBe(ASCII_GLYPHS);
  });
  it('toAscii keeps widths: one ASCII character per character', () => {
    const s = 'H100, ≥2 GPUs, ≤ $2.50/GPU-h · 東京…';
    expect(toAscii(s)).toHaveLength(s.length);
    // eslint-disable-next-line no-control-regex
    expect(toAscii(s)).toMatch(/^[\x00-\x7f]*$/);
    expect(toAscii(s)).toContain('>2 GPUs');
  });
});

describe('cells', () => {
  it('pads and cuts to the width with the charset ellipsis', () => {
    expect(fit('abc', 5, UNICODE_GLYPHS)).toBe('abc  ');
    expect(fit('abcdef', 4, UNICODE_GLYPHS)).toBe('abc…');
    expect(fit('abcdef', 4, ASCII_GLYPHS)).toBe('abc~');
    expect(fitEnd('$1.20', 7, UNICODE_GLYPHS)).toBe('  $1.20');
    expect(fit('x', 0, UNICODE_GLYPHS)).toBe('');
  });
  it('oneLine strips control characters a provider might send', () => {
    expect(oneLine('bad\u001b[31mname\nx', UNICODE_GLYPHS)).toBe('bad [31mname x');
  });
  it('visibleWindow keeps the selection in view and never exceeds the height', () => {
    expect(visibleWindow(5, 0, 10)).toEqual({ start: 0, end: 5 });
    expect(visibleWindow(10_000, 0, 8)).toEqual({ start: 0, end: 8 });
    expect(visibleWindow(10_000, 5000, 8)).toEqual({ start: 4996, end: 5004 });
    expect(visibleWindow(10_000, 9999, 8)).toEqual({ start: 9992, end: 10_000 });
    expect(visibleWindow(0, 0, 8)).toEqual({ start: 0, end: 0 });
  });
});

describe('SessionPriceHistory (a run without history)', () => {
  it('keeps one cheapest rentable price per model per snapshot, bounded', () => {
    const h = new SessionPriceHistory(3);
    const at = (p: number) => groupByModel([makeOffer(1, { model: 'H100-SXM', perGpuHour: p })]);
    h.record(0, at(2));
    h.record(5000, at(1.5));
    h.record(10_000, at(1.8));
    h.record(15_000, at(1.7));
    expect(h.series('H100-SXM')).toEqual([1.5, 1.8, 1.7]);
    expect(h.series('nope')).toEqual([]);
  });
  it('a burst of snapshots within a second is one sample (the last wins)', () => {
    const h = new SessionPriceHistory();
    const at = (p: number) => groupByModel([makeOffer(1, { model: 'H200', perGpuHour: p })]);
    h.record(0, at(3));
    h.record(200, at(2.5));
    expect(h.series('H200')).toEqual([2.5]);
  });
  it('a model that disappears records a gap', () => {
    const h = new SessionPriceHistory();
    h.record(0, groupByModel([makeOffer(1, { model: 'H200', perGpuHour: 3 })]));
    h.record(2000, groupByModel([makeOffer(2, { model: 'L40S', perGpuHour: 1 })]));
    expect(h.series('H200')).toEqual([3, Number.NaN]);
  });
});

describe('StoredPriceHistory (the last day from the history store)', () => {
  const at = (p: number, up = true) =>
    groupByModel([
      { ...makeOffer(1, { model: 'H100-SXM', perGpuHour: p }), availability: { state: up ? 'available' : 'none' } },
    ]);
  it('the 23 hours before this one from the store, then the cheapest now', () => {
    const asked: Array<[readonly string[], number]> = [];
    const past = [...Array<number>(21).fill(Number.NaN), 2.1, 2.3];
    const h = new StoredPriceHistory({
      hourlyCheapest: (models, hours) => {
        asked.push([models, hours]);
        return new Map([['H100-SXM', past]]);
      },
    });
    h.record(0, at(1.9));
    expect(h.span).toBe('24 h');
    expect(asked).toEqual([[['H100-SXM'], 23]]);
    expect(h.series('H100-SXM')).toEqual([...past, 1.9]);
    // Sold out now: a gap at the end, as in the price column's "sold out".
    h.record(60_000, at(1.9, false));
    expect(h.series('H100-SXM').at(-1)).toBeNaN();
    expect(h.series('nope')).toEqual([]);
  });
  it("until the store holds two hours, this session's samples, and the header says so", () => {
    let past = [...Array<number>(22).fill(Number.NaN), 2];
    const h = new StoredPriceHistory({ hourlyCheapest: () => new Map([['H100-SXM', past]]) });
    h.record(0, at(1.9));
    h.record(5000, at(1.8));
    expect(h.span).toBe('session');
    expect(h.series('H100-SXM')).toEqual([1.9, 1.8]);
    past = [...Array<number>(21).fill(Number.NaN), 2.2, 2];
    h.record(10_000, at(1.7));
    expect(h.span).toBe('24 h');
    expect(h.series('H100-SXM')).toEqual([...past, 1.7]);
  });
  it('a model the store never recorded is blank up to now; a failing read keeps the last answer', () => {
    let fail = false;
    const h = new StoredPriceHistory({
      hourlyCheapest: () => {
        if (fail) throw new Error('database is locked');
        return new Map([['H100-SXM', Array<number>(23).fill(2)]]);
      },
    });
    h.record(0, groupByModel([makeOffer(2, { model: 'L40S', perGpuHour: 1 })]));
    expect(h.series('L40S')).toHaveLength(24);
    expect(h.series('L40S').slice(0, 23).every(Number.isNaN)).toBe(true);
    h.record(0, at(1.5));
    fail = true;
    h.record(1000, at(1.4));
    expect(h.series('H100-SXM')).toEqual([...Array<number>(23).fill(2), 1.4]);
  });
});

describe('view model: shared filter and grouping, no second implementation', () => {
  const core = new FakeCore({ offers: 500 });
  const snap = core.snapshot();
  it('gpuRows = groupByModel(filterOffers(offers, {search}))', () => {
    const rows = gpuRows(snap.offers, 'h100 vastai', 'price', new SessionPriceHistory());
    const expected = groupByModel(filterOffers(snap.offers, { search: 'h100 vastai' }));
    expect(rows.map((r) => r.group)).toEqual(expected);
  });
  it('sorts: available count, model, VRAM', () => {
    const h = new SessionPriceHistory();
    const byAvail = gpuRows(snap.offers, '', 'available', h).map((r) => r.group.availableCount);
    expect(byAvail).toEqual([...byAvail].sort((a, b) => b - a));
    const byModel = gpuRows(snap.offers, '', 'model', h).map((r) => r.key);
    expect(byModel).toEqual([...byModel].sort());
    const byVram = gpuRows(snap.offers, '', 'vram', h).map((r) => r.group.vramGb ?? 0);
    expect(byVram).toEqual([...byVram].sort((a, b) => b - a));
  });
  it('resources: search words, main metric (CPU first), sorts', () => {
    const rows = resourceRows(snap.resources, '', 'name');
    expect(rows.map((r) => r.resource.name)).toEqual(
      [...rows.map((r) => r.resource.name)].sort((a, b) => a.localeCompare(b)),
    );
    for (const r of rows) expect(r.metric).toBe(mainMetric(r.resource));
    expect(resourceRows(snap.resources, 'zzz-nothing', 'name')).toEqual([]);
  });
  it('alerts filter by words; providers list problems first', () => {
    expect(alertRows([], 'x')).toEqual([]);
    const failed = { ...snap.providers[3]!, state: 'error' as const };
    const rows = providerRows([...snap.providers.slice(0, 3), failed]);
    expect(rows[0]!.status.state).toBe('error');
  });
});

describe('provider freshness', () => {
  const at = (agoMs: number) => ({ lastSuccess: new Date(1_000_000 - agoMs).toISOString() }) as ProviderStatus;
  it('fits 5 columns in steps a 10-second tick keeps true', () => {
    expect(freshness(at(3000), 1_000_000)).toBe('<10s');
    expect(freshness(at(27_000), 1_000_000)).toBe('20s');
    expect(freshness(at(150_000), 1_000_000)).toBe('2m');
    expect(freshness({ lastAttempt: 'x' } as ProviderStatus, 0)).toBe('failed');
    expect(freshness({} as ProviderStatus, 0)).toBe('never');
  });
  it('rate-limit use is requests in the window over our cap', () => {
    expect(rateUse({ rateLimit: { used: 3, limit: 5, windowMs: 1000 } } as ProviderStatus)).toBe('3/5');
    expect(rateUse({} as ProviderStatus)).toBe('-');
  });
});

describe('layout', () => {
  it('the providers header spreads its cells over as few lines as before, and gives the room left to the names', () => {
    // Twelve providers: at 120 columns three lines of four, names of 13 ("Hetzner Cloud", not "Cloudfla…").
    expect(compactLayout(12, 120)).toEqual({ lines: 3, perLine: 4, nameWidth: 13 });
    // At 160 six to a line fill it: the narrowest cells, as before.
    expect(compactLayout(12, 160)).toEqual({ lines: 2, perLine: 6, nameWidth: 9 });
    // Four providers on one line of 160: whole names.
    expect(compactLayout(4, 160)).toEqual({ lines: 1, perLine: 4, nameWidth: 18 });
    for (let count = 1; count <= 14; count++)
      for (let width = 26; width <= 240; width++) {
        const { lines, perLine, nameWidth } = compactLayout(count, width);
        expect(lines).toBe(Math.ceil(count / Math.floor(width / 26)));
        expect(perLine * lines).toBeGreaterThanOrEqual(count);
        expect(perLine * (nameWidth + 17)).toBeLessThanOrEqual(width);
      }
  });
  it('fills 80×24 exactly and gives every pane room for rows', () => {
    for (const focus of ['gpus', 'resources', 'alerts', 'providers'] as const) {
      const L = layout(80, 24, focus, 7, 7);
      expect(1 + L.providers + L.gpus + L.resources.height + 1).toBe(24);
      expect(L.gpus).toBeGreaterThanOrEqual(4);
      expect(L.resources.height).toBeGreaterThanOrEqual(3);
      expect(L.resources.width + L.alerts.width).toBe(80);
    }
  });
  it('below 80 columns Resources and Alerts stack', () => {
    const L = layout(60, 30, 'gpus', 6, 6);
    expect(L.sideBySide).toBe(false);
    expect(1 + L.providers + L.gpus + L.resources.height + L.alerts.height + 1).toBe(30);
  });
});

describe('keys', () => {
  const none = {} as Key;
  it('a chunk of plain keys is split into single keys (Enter, Tab, Backspace included)', () => {
    const keys = splitChunk('/h1\r', none);
    expect(keys.map(([i]) => i)).toEqual(['/', 'h', '1', '']);
    expect(keys[3]![1].return).toBe(true);
    expect(splitChunk('\x1b[B', { downArrow: true } as Key)).toHaveLength(1);
    expect(splitChunk('G', none)).toHaveLength(1);
  });
  it('the README key table lists every key of the help screen', () => {
    const readme = fs.readFileSync('README.md', 'utf8');
    for (const k of KEY_HELP) expect(readme).toContain(`| \`${k.keys}\``);
  });
});

describe('alert details', () => {
  it('lead with the line of history the alert carries', () => {
    const offer = {
      offerId: 'vastai:1',
      provider: 'vastai' as const,
      model: 'H100-SXM',
      count: 1,
      perGpuHour: 2,
      perHour: 2,
      region: 'us',
    };
    const event = {
      id: 'e',
      watchId: 'w',
      watchName: 'H100',
      kind: 'appeared' as const,
      at: '2026-03-10T12:00:00.000Z',
      suppressed: false,
      offers: [{ ...offer, typicalStay: { meanMs: 14 * 60_000, episodes: 9 } }],
    };
    expect(alertDetails(event).lines[0]).toEqual({
      label: 'history',
      value: 'stayed 14 min on average last week (9 times)',
    });
    expect(alertDetails({ ...event, offers: [offer] }).lines[0]).not.toMatchObject({ label: 'history' });
  });
});
