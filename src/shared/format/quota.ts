import type { GpuOffer } from '../model';

/**
 * An offer's quota in a few words, for a table cell or a badge: `8/16 GPUs` when it allows the
 * offer, and what is short when it blocks it. Each provider writes its own sentence in
 * `quota.reason` ("quota L-7212CCBC in us-west-2: 96 of 96 vCPUs free, 192 needed"); cut to a
 * column's width, that sentence lost its numbers, so the short form is built from the fields.
 */
export interface QuotaSummary {
  text: string;
  /** The quota is why the offer cannot be launched now. */
  blocked: boolean;
  /** When blocked, the same in two words for a badge: "no quota" or "quota short". */
  badge?: string;
}

export function quotaSummary(o: GpuOffer): QuotaSummary | undefined {
  const q = o.quota;
  if (!q) return undefined;
  const unit = q.unit ? ` ${q.unit}` : '';
  const n = (v: number) => String(Math.round(v));
  if (!q.reason) return { text: `${n(q.used)}/${n(q.limit)}${unit}`, blocked: false };
  if (q.limit === 0) return { text: `quota 0${unit}`, blocked: true, badge: 'no quota' };
  const free = Math.max(0, q.limit - q.used);
  const need = quotaNeed(o);
  return {
    text:
      need !== undefined
        ? `needs ${n(need)}${unit}, ${n(free)} free`
        : `${n(q.used)}/${n(q.limit)}${unit}, too few free`,
    blocked: true,
    badge: 'quota short',
  };
}

/** How much of the quota's unit one launch of the offer takes, where the unit says. */
function quotaNeed(o: GpuOffer): number | undefined {
  const unit = o.quota?.unit?.toLowerCase();
  if (unit === 'gpus') return o.gpu.count;
  if (unit === 'vcpus') return o.specs.vcpus;
  return undefined;
}
