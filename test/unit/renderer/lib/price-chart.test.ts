import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { X_UNITS, nearestPoint, priceChartGeometry, priceTicks } from '../../../../src/renderer/lib/price-chart';

const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}`;
const prices = (d: number, min: number, p50: number, p95: number) => ({ day: day(d), min, p50, p95 });

describe('priceTicks', () => {
  it('round prices from below the lowest to above the highest', () => {
    expect(priceTicks(1.9, 2.5)).toEqual([1.8, 2, 2.2, 2.4, 2.6]);
    expect(priceTicks(0.31, 0.49)).toEqual([0.3, 0.35, 0.4, 0.45, 0.5]);
    expect(priceTicks(12, 40)).toEqual([10, 20, 30, 40]);
  });

  it('gives a flat price room around it, never below zero', () => {
    expect(priceTicks(2, 2)).toEqual([1.8, 1.9, 2, 2.1, 2.2]);
    expect(priceTicks(0, 0)[0]).toBe(0);
  });

  it('always covers the prices, in a few steps', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 500, noNaN: true }),
        fc.double({ min: 0, max: 500, noNaN: true }),
        (a, b) => {
          const [lo, hi] = a < b ? [a, b] : [b, a];
          const t = priceTicks(lo, hi);
          expect(t[0]!).toBeLessThanOrEqual(lo);
          expect(t.at(-1)!).toBeGreaterThanOrEqual(hi);
          expect(t.length).toBeGreaterThanOrEqual(2);
          expect(t.length).toBeLessThanOrEqual(8);
          for (let i = 1; i < t.length; i++) expect(t[i]!).toBeGreaterThan(t[i - 1]!);
        },
      ),
    );
  });
});

describe('priceChartGeometry', () => {
  it('places days by date, high prices at the top, the band between p95 and min', () => {
    const g = priceChartGeometry([prices(1, 2, 2.2, 2.4), prices(2, 1.9, 2.1, 2.5), prices(3, 2, 2, 2)], 100);
    expect(g.xs).toEqual([0, 0.5, 1]);
    expect(g.ticks).toEqual([1.8, 2, 2.2, 2.4, 2.6]);
    expect(g.y(2.6)).toBe(0);
    expect(g.y(1.8)).toBe(100);
    expect(g.lines.p50).toBe(`M0 ${g.y(2.2)}L${X_UNITS / 2} ${g.y(2.1)}L${X_UNITS} ${g.y(2)}`);
    expect(g.band).toBe(`M0 ${g.y(2.4)}L500 ${g.y(2.5)}L1000 ${g.y(2)}L1000 ${g.y(2)}L500 ${g.y(1.9)}L0 ${g.y(2)}Z`);
  });

  it('breaks the lines over days without prices; a day alone is a short stroke', () => {
    const g = priceChartGeometry([prices(1, 1, 1, 1), prices(2, 1, 1, 1), prices(5, 1, 1, 1)], 50);
    expect(g.xs).toEqual([0, 0.25, 1]);
    expect(g.lines.min.match(/M/g)).toHaveLength(2);
    expect(g.lines.min.endsWith(`M996 ${g.y(1)}h8`)).toBe(true);
    expect(g.band.match(/Z/g)).toHaveLength(1); // no band for the lone day
    expect(g.alone).toEqual([2]);
  });

  it('one day sits in the middle; labels stay few', () => {
    expect(priceChartGeometry([prices(3, 1, 2, 3)], 80)).toMatchObject({ xs: [0.5], alone: [0] });
    const many = Array.from({ length: 30 }, (_, i) => prices(i + 1, 1, 2, 3));
    const g = priceChartGeometry(many, 80);
    expect(g.labelled.length).toBeLessThanOrEqual(7);
    expect(g.labelled[0]).toBe(0);
    expect(priceChartGeometry([], 80)).toMatchObject({ xs: [], ticks: [], band: '', alone: [], labelled: [] });
  });

  it('nearestPoint: the point under the pointer', () => {
    expect(nearestPoint([0, 0.25, 1], 0.1)).toBe(0);
    expect(nearestPoint([0, 0.25, 1], 0.2)).toBe(1);
    expect(nearestPoint([0, 0.25, 1], 0.9)).toBe(2);
    expect(nearestPoint([0.5], 0)).toBe(0);
  });
});
