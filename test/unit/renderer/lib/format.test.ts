import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatCount,
  formatNumber,
  formatPrice,
  formatPriceInColumn,
  nextPollTime,
  relativeTime,
} from '../../../../src/renderer/lib/format';

const now = Date.parse('2026-01-01T12:00:00.000Z');
const ago = (ms: number) => new Date(now - ms).toISOString();

describe('relativeTime', () => {
  it('reads like "3 min ago" and "in 40 s"', () => {
    expect(relativeTime(undefined, now)).toBe('never');
    expect(relativeTime(ago(2000), now)).toBe('just now');
    expect(relativeTime(ago(42_000), now)).toBe('42 s ago');
    expect(relativeTime(ago(3 * 60_000 + 5000), now)).toBe('3 min ago');
    expect(relativeTime(ago(5 * 3600_000), now)).toBe('5 h ago');
    expect(relativeTime(ago(3 * 86_400_000), now)).toBe('3 d ago');
    expect(relativeTime(ago(-40_000), now)).toBe('in 40 s');
    expect(relativeTime('garbage', now)).toBe('unknown');
  });
});

describe('nextPollTime', () => {
  it('says "in 40 s" ahead, and "due … ago" once the time has passed', () => {
    expect(nextPollTime(ago(-40_000), now)).toBe('in 40 s');
    expect(nextPollTime(ago(-2000), now)).toBe('now');
    expect(nextPollTime(ago(2000), now)).toBe('due just now');
    expect(nextPollTime(ago(40_000), now)).toBe('due 40 s ago');
    expect(nextPollTime(undefined, now)).toBe('—');
    expect(nextPollTime('garbage', now)).toBe('unknown');
  });
});

describe('numbers', () => {
  it('formats prices with 2–3 decimals and metrics with units', () => {
    expect(formatPrice(1.5)).toBe('$1.50');
    expect(formatPrice(0.1234)).toBe('$0.123');
    expect(formatPrice(2, 'EUR')).toBe('€2.00');
    expect(formatNumber(42.5, 'percent')).toBe('42.5%');
    expect(formatNumber(12_345, 'count')).toBe('12.3k');
    expect(formatNumber(3 * 1024 * 1024, 'bytes')).toBe('3.0 MB');
    expect(formatNumber(7, 'ms')).toBe('7 ms');
  });
});

describe('prices and counts without Intl', () => {
  const usd = new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    minimumFractionDigits: 2,
    maximumFractionDigits: 3,
  });
  const count = new Intl.NumberFormat('en-US');

  it('match Intl exactly, ties and edges included', () => {
    for (const v of [
      0,
      -0,
      0.0005,
      0.0015,
      0.0625,
      1.0005,
      2.675,
      999.9995,
      1000,
      1234.5,
      1e6,
      999_999_999_999.999,
      1e15,
      1e21,
      -1.5,
      NaN,
      Infinity,
    ])
      expect(formatPrice(v)).toBe(usd.format(v));
    for (const v of [0, -0, 7, 999, 1000, 10_000, 123_456_789, 1e15, 2 ** 53, -1234, 1.5, NaN])
      expect(formatCount(v)).toBe(count.format(v));
  });

  it('match Intl on generated values', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ noNaN: false }),
          fc.double({ min: 0, max: 1e6 }),
          fc.integer({ min: 0, max: 10 ** 8 }).map((n) => n / 10_000),
        ),
        (v) => {
          expect(formatPrice(v)).toBe(usd.format(v));
        },
      ),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.double()), (v) => {
        expect(formatCount(v)).toBe(count.format(v));
      }),
      { numRuns: 5000 },
    );
  });
});

describe('formatPriceInColumn', () => {
  it('keeps a column of prices aligned on the decimal point: a figure space stands for a missing third decimal', () => {
    expect(formatPriceInColumn(0.66)).toBe('$0.66\u2007');
    expect(formatPriceInColumn(0.712)).toBe('$0.712');
    expect(formatPriceInColumn(21.5)).toBe('$21.50\u2007');
    expect(formatPriceInColumn(2, 'EUR')).toBe('€2.00\u2007');
  });

  it('is the price, the same width as any other with as many whole digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999 }), (mills) => {
        const v = mills / 1000;
        const text = formatPriceInColumn(v);
        expect(text.replace('\u2007', '')).toBe(formatPrice(v));
        expect(text.length).toBe(formatPriceInColumn(Math.trunc(v) + 0.123).length);
      }),
    );
  });
});
