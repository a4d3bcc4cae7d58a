import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { rowRange, scrollTopFor, type RowGeometry } from '../../../../src/renderer/lib/use-row-window';

// The offers table's geometry: 40 px rows under a 37 px sticky header, in a 600 px tall view.
const g: RowGeometry = { rowHeight: 40, headerHeight: 37, viewportHeight: 600 };
const maxTop = (count: number, geo = g) => Math.max(0, geo.headerHeight + count * geo.rowHeight - geo.viewportHeight);

describe('rowRange', () => {
  it('at the top: the rows that fit below the header, plus the overscan after them', () => {
    // 563 px below the header: rows 0..14 (the 15th partly).
    expect(rowRange(0, g, 10_000, 0)).toEqual({ start: 0, end: 15 });
    expect(rowRange(0, g, 10_000, 3)).toEqual({ start: 0, end: 18 });
  });

  it('scrolled: overscan on both sides, never past the list', () => {
    expect(rowRange(4000, g, 10_000, 3)).toEqual({ start: 97, end: 118 });
    expect(rowRange(0, g, 5, 3)).toEqual({ start: 0, end: 5 });
    expect(rowRange(0, g, 0, 3)).toEqual({ start: 0, end: 0 });
  });

  it('a scroll position past the end (the list just got shorter) shows the last rows, not nothing', () => {
    const r = rowRange(400_000, g, 100, 3);
    expect(r.end).toBe(100);
    expect(r.start).toBeLessThan(100 - 14);
  });

  it('before the view is measured (height 0) it still renders a row, so the table is not empty', () => {
    expect(rowRange(0, { ...g, viewportHeight: 0 }, 10_000, 3)).toEqual({ start: 0, end: 4 });
  });

  it('holds every row that shows below the header, at any scroll position (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 5000 }),
        fc.integer({ min: 0, max: 300_000 }),
        fc.integer({ min: 60, max: 2000 }),
        fc.integer({ min: 0, max: 6 }),
        (count, top, viewportHeight, overscan) => {
          const geo = { ...g, viewportHeight };
          const scrollTop = Math.min(top, maxTop(count, geo)); // what the browser allows
          const { start, end } = rowRange(scrollTop, geo, count, overscan);
          expect(start).toBeGreaterThanOrEqual(0);
          expect(end).toBeLessThanOrEqual(count);
          for (let i = 0; i < count; i++) {
            // Row i's box in the viewport, and whether any of it is below the header.
            const y = geo.headerHeight + i * geo.rowHeight - scrollTop;
            const shows = y + geo.rowHeight > geo.headerHeight && y < geo.viewportHeight;
            if (shows) expect(i >= start && i < end).toBe(true);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('scrollTopFor', () => {
  it('auto: no scroll when the row is fully visible below the header', () => {
    expect(scrollTopFor(3, 'auto', 0, g, maxTop(100))).toBe(0);
  });

  it('auto: a row under the sticky header scrolls to just below it, not behind it', () => {
    // Scrolled to 400 px: row 10 starts at 400 in the rows, the header covers 400..437 in view.
    expect(scrollTopFor(9, 'auto', 400, g, maxTop(100))).toBe(360);
  });

  it('auto: a row below the view scrolls up just enough to show it whole', () => {
    // Row 20 ends at 840 in the rows; 563 px show below the header.
    expect(scrollTopFor(20, 'auto', 0, g, maxTop(100))).toBe(840 - 563);
  });

  it('center puts the row mid-view, clamped at both ends', () => {
    expect(scrollTopFor(50, 'center', 0, g, maxTop(100))).toBe(Math.round(2000 + 20 - 563 / 2));
    expect(scrollTopFor(0, 'center', 900, g, maxTop(100))).toBe(0);
    expect(scrollTopFor(99, 'center', 0, g, maxTop(100))).toBe(maxTop(100));
  });

  it('leaves the row fully visible below the header, for any start position (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }),
        fc.nat(),
        fc.nat(),
        fc.constantFrom('auto' as const, 'center' as const),
        (count, rawIndex, rawTop, align) => {
          const index = rawIndex % count;
          const max = maxTop(count);
          const top = scrollTopFor(index, align, rawTop % (max + 1), g, max);
          expect(top).toBeGreaterThanOrEqual(0);
          expect(top).toBeLessThanOrEqual(max);
          const y = g.headerHeight + index * g.rowHeight - top;
          // Rounding to whole pixels may cost at most half a pixel at either edge.
          expect(y).toBeGreaterThanOrEqual(g.headerHeight - 0.5);
          expect(y + g.rowHeight).toBeLessThanOrEqual(g.viewportHeight + 0.5);
        },
      ),
      { numRuns: 500 },
    );
  });
});
