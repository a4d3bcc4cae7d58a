import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { inQuietHours, localMinutesOfDay } from '../../../../src/core/watches/quiet-hours';

describe('localMinutesOfDay', () => {
  const t = Date.UTC(2026, 6, 1, 23, 45); // 23:45 UTC, northern summer

  it('applies a fixed UTC offset, wrapping midnight both ways', () => {
    expect(localMinutesOfDay(t, { utcOffsetMinutes: 0 })).toBe(23 * 60 + 45);
    expect(localMinutesOfDay(t, { utcOffsetMinutes: 60 })).toBe(45);
    expect(localMinutesOfDay(Date.UTC(2026, 6, 1, 0, 15), { utcOffsetMinutes: -60 })).toBe(23 * 60 + 15);
  });

  it('uses Intl for IANA zones, DST included', () => {
    expect(localMinutesOfDay(t, { iana: 'Asia/Tokyo' })).toBe(8 * 60 + 45); // UTC+9
    expect(localMinutesOfDay(t, { iana: 'America/New_York' })).toBe(19 * 60 + 45); // EDT, UTC-4
    expect(localMinutesOfDay(Date.UTC(2026, 0, 1, 23, 45), { iana: 'America/New_York' })).toBe(18 * 60 + 45); // EST
  });

  it('is always within a day (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4e12 }), fc.integer({ min: -14 * 60, max: 14 * 60 }), (now, off) => {
        const m = localMinutesOfDay(now, { utcOffsetMinutes: off });
        expect(m).toBeGreaterThanOrEqual(0);
        expect(m).toBeLessThan(24 * 60);
      }),
    );
  });
});

describe('inQuietHours', () => {
  const q = (start: string, end: string, enabled = true) => ({ enabled, start, end });
  const hm = (h: number, m = 0) => h * 60 + m;

  it.each<[string, string, number, boolean]>([
    ['22:00', '07:00', hm(21, 59), false],
    ['22:00', '07:00', hm(22), true],
    ['22:00', '07:00', hm(23, 59), true],
    ['22:00', '07:00', hm(0), true],
    ['22:00', '07:00', hm(6, 59), true],
    ['22:00', '07:00', hm(7), false],
    ['09:00', '17:30', hm(12), true],
    ['09:00', '17:30', hm(17, 30), false],
    ['09:00', '17:30', hm(8, 59), false],
    ['08:00', '08:00', hm(8), false],
    ['bad', '07:00', hm(3), false],
  ])('%s–%s at minute %i → %s', (start, end, minute, expected) => {
    expect(inQuietHours(q(start, end), minute)).toBe(expected);
  });

  it('does nothing when disabled or absent', () => {
    expect(inQuietHours(q('00:00', '23:59', false), hm(12))).toBe(false);
    expect(inQuietHours(undefined, hm(12))).toBe(false);
  });

  it('a wrapping range is the complement of its reverse (property)', () => {
    const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }));
    const fmt = ([h, m]: [number, number]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
    fc.assert(
      fc.property(time, time, fc.integer({ min: 0, max: 1439 }), (a, b, minute) => {
        fc.pre(fmt(a) !== fmt(b));
        expect(inQuietHours(q(fmt(a), fmt(b)), minute)).toBe(!inQuietHours(q(fmt(b), fmt(a)), minute));
      }),
    );
  });
});
