import { WatchNotifySchema, type GpuOffer, type WatchInput } from '../../../shared/model';
import { formatPrice } from '../../lib/format';

/** "Watch this": a watch for offers like this one, at this price or less. */
export function watchDraftFromOffer(o: GpuOffer): WatchInput {
  return {
    name: `${o.gpu.count}× ${o.gpu.model} ≤ ${formatPrice(o.price.perGpuHour)}/GPU-h`,
    enabled: true,
    filter: {
      gpu: [o.gpu.model],
      minCount: o.gpu.count,
      maxPricePerGpuHour: o.price.perGpuHour,
      billing: [o.price.billing],
      availability: ['available', 'low'],
    },
    notify: WatchNotifySchema.parse({}),
  };
}

export function watchDraftFromModel(model: string, maxPerGpuHour?: number): WatchInput {
  return {
    name: maxPerGpuHour === undefined ? `${model} available` : `${model} ≤ ${formatPrice(maxPerGpuHour)}/GPU-h`,
    enabled: true,
    filter: {
      gpu: [model],
      availability: ['available', 'low'],
      ...(maxPerGpuHour === undefined ? {} : { maxPricePerGpuHour: maxPerGpuHour }),
    },
    notify: WatchNotifySchema.parse({}),
  };
}
