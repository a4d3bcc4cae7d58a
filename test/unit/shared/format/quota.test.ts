import { describe, expect, it } from 'vitest';
import { quotaSummary } from '../../../../src/shared/format';
import type { GpuOffer } from '../../../../src/shared/model';
import { makeOffer } from '../filter/make-offer';

const withQuota = (quota: GpuOffer['quota'], more: Partial<GpuOffer> = {}): GpuOffer => ({
  ...makeOffer({ gpu: 'H100 SXM', count: 8 }),
  ...more,
  quota,
});

describe('quotaSummary', () => {
  it('is nothing without a quota, and used/limit when the quota allows the offer', () => {
    expect(quotaSummary(makeOffer())).toBeUndefined();
    expect(quotaSummary(withQuota({ limit: 16, used: 8, unit: 'GPUs' }))).toEqual({
      text: '8/16 GPUs',
      blocked: false,
    });
    expect(quotaSummary(withQuota({ limit: 8.0, used: 0.5 }))?.text).toBe('1/8');
  });

  it('keeps the numbers that a cut sentence lost: how much the offer needs and how much is free', () => {
    // AWS's sentence, cut to the table's 40 columns, read "quota L-7212CCBC in us-west-2: 96 of 96…".
    const aws = withQuota(
      {
        limit: 96,
        used: 0,
        unit: 'vCPUs',
        name: 'All P Spot Instance Requests (L-7212CCBC)',
        reason: 'quota L-7212CCBC in us-west-2: 96 of 96 vCPUs free, 192 needed',
      },
      { specs: { vcpus: 192 } },
    );
    expect(quotaSummary(aws)).toEqual({ text: 'needs 192 vCPUs, 96 free', blocked: true, badge: 'quota short' });
    const gcp = withQuota({ limit: 8, used: 4, unit: 'GPUs', reason: 'not enough NVIDIA_H100_GPUS in us-east4' });
    expect(quotaSummary(gcp)).toEqual({ text: 'needs 8 GPUs, 4 free', blocked: true, badge: 'quota short' });
  });

  it('says a zero quota as such, and what it can when the unit does not say what the offer needs', () => {
    expect(quotaSummary(withQuota({ limit: 0, used: 0, unit: 'GPUs', reason: 'quota X in y is 0' }))).toEqual({
      text: 'quota 0 GPUs',
      blocked: true,
      badge: 'no quota',
    });
    expect(quotaSummary(withQuota({ limit: 10, used: 9, unit: 'instances', reason: 'full' }))?.text).toBe(
      '9/10 instances, too few free',
    );
    // vCPUs without the offer's vCPU count: the same fallback, never "needs undefined".
    expect(quotaSummary(withQuota({ limit: 4, used: 4, unit: 'vCPUs', reason: 'full' }))?.text).toBe(
      '4/4 vCPUs, too few free',
    );
  });
});
