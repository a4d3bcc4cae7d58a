/**
 * The `listed` availability state (docs/design.md §11): a catalogue entry, capacity unknown. It is a
 * valid offer state everywhere, shown by `cloudtop offers` by default and differently from capacity
 * states, and watches fire on it only when their filter asks for it.
 */
import { describe, expect, it } from 'vitest';
import { evaluateWatches, watchFilter } from '../../../../src/core/watches/engine';
import { offerFilterFromOptions } from '../../../../src/node/cli/offer-args';
import { offerColumns, stateColour } from '../../../../src/node/cli/render';
import { createStyle } from '../../../../src/node/cli/output/ansi';
import { filterOffers } from '../../../../src/shared/filter';
import { GpuOfferSchema, WatchSchema, type GpuOffer, type OfferFilter } from '../../../../src/shared/model';
import { groupByModel } from '../../../../src/shared/offers/group';
import { NotificationSettingsSchema } from '../../../../src/shared/settings/schema';
import { makeOffer } from '../filter/make-offer';

const listed = (id: string, extra: Partial<GpuOffer> = {}): GpuOffer => ({
  ...makeOffer({ id, provider: 'gcp', gpu: 'H100 SXM', state: 'listed', perGpuHour: 3 }),
  ...extra,
});

describe('listed: offered in a catalogue, capacity unknown', () => {
  it('is a valid state, and quota is optional and backward compatible', () => {
    const o = listed('a', { quota: { limit: 0, used: 0, unit: 'GPUs', reason: 'quota NVIDIA_H100_GPUS in x is 0' } });
    expect(GpuOfferSchema.parse(o).availability.state).toBe('listed');
    const { quota: _q, ...old } = o;
    expect(GpuOfferSchema.safeParse(old).success).toBe(true);
    expect(GpuOfferSchema.safeParse({ ...o, quota: { limit: -1, used: 0 } }).success).toBe(false);
  });

  it('`cloudtop offers` keeps listed by default, `watch` only with --listed, --no-listed drops it', () => {
    expect(offerFilterFromOptions({}, { listedByDefault: true }).availability).toEqual(['available', 'low', 'listed']);
    expect(offerFilterFromOptions({}).availability).toEqual(['available', 'low']);
    expect(offerFilterFromOptions({ listed: true }).availability).toEqual(['available', 'low', 'listed']);
    expect(offerFilterFromOptions({ listed: false }, { listedByDefault: true }).availability).toEqual([
      'available',
      'low',
    ]);
    expect(offerFilterFromOptions({ includeUnavailable: true }).availability).toBeUndefined();
  });

  it('a watch does not fire on listed offers unless its filter asks for them', () => {
    const notifications = NotificationSettingsSchema.parse({});
    const run = (filter: OfferFilter) =>
      evaluateWatches(undefined, {
        watches: [WatchSchema.parse({ id: 'w', name: 'w', filter, createdAt: '2026-01-01T00:00:00Z' })],
        previous: { offers: [] },
        next: { offers: [listed('a')] },
        notifications,
        now: Date.UTC(2026, 0, 5, 12),
        timeZone: { utcOffsetMinutes: 0 },
      }).events;
    expect(watchFilter({ gpu: ['H100'] }).availability).not.toContain('listed');
    expect(run({ gpu: ['H100'] })).toEqual([]);
    expect(run({ gpu: ['H100'], availability: ['available', 'low', 'listed'] })).toHaveLength(1);
  });

  it('filters and groups: listed is neither rentable-now nor sold out', () => {
    const offers = [listed('a'), makeOffer({ id: 'b', gpu: 'H100 SXM', state: 'none', perGpuHour: 1 })];
    expect(filterOffers(offers, { availability: ['listed'] }).map((o) => o.id)).toEqual(['gcp:a']);
    const [g] = groupByModel(offers);
    expect(g!.availability).toMatchObject({ listed: 1, none: 1 });
    expect(g!.cheapest).toBeUndefined();
  });

  it('the CLI prints listed in its own colour (never green), what is short of the quota in QUOTA and its sentence in QUOTA DETAIL', () => {
    const style = createStyle(true);
    expect(stateColour(style, 'listed')).toBe(style.cyan('listed'));
    expect(stateColour(style, 'listed')).not.toBe(style.green('listed'));
    const plain = createStyle(false);
    const quota = offerColumns(plain, Date.now()).find((c) => c.header === 'QUOTA')!;
    expect(quota.get(listed('a'))).toBe('-');
    expect(quota.get(listed('a', { quota: { limit: 16, used: 8, unit: 'GPUs' } }))).toBe('8/16 GPUs');
    const blocked = listed('a', { quota: { limit: 0, used: 0, unit: 'GPUs', reason: 'quota X in y is 0' } });
    expect(quota.get(blocked)).toBe('quota 0 GPUs');
    const detail = offerColumns(plain, Date.now()).find((c) => c.header === 'QUOTA DETAIL')!;
    expect(detail.wide).toBe(true);
    expect(detail.get(blocked)).toBe('quota X in y is 0');
    expect(detail.get(listed('a', { quota: { limit: 16, used: 8, unit: 'GPUs', name: 'NVIDIA_H100_GPUS' } }))).toBe(
      'NVIDIA_H100_GPUS',
    );
  });
});
