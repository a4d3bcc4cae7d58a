import { describe, expect, it } from 'vitest';
import { formatNumber, formatPrice, relativeTime } from '../../../../src/renderer/lib/format';

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
