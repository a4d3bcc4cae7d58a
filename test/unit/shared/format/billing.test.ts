import { describe, expect, it } from 'vitest';
import { billingLabel } from '../../../../src/shared/format';

describe('billingLabel', () => {
  it('names the cloud tier on the markets that sell on both, where it tells two offers apart', () => {
    expect(billingLabel('on-demand', 'secure', 'runpod')).toBe('on-demand · secure');
    expect(billingLabel('interruptible', 'community', 'runpod')).toBe('interruptible · community');
    expect(billingLabel('on-demand', 'secure', 'vastai')).toBe('on-demand · secure');
  });

  it('leaves "secure" out where every offer is a data-centre one, and says community wherever it is', () => {
    expect(billingLabel('spot', 'secure', 'aws')).toBe('spot');
    expect(billingLabel('on-demand', 'secure', 'lambda')).toBe('on-demand');
    expect(billingLabel('on-demand', 'community', 'someday')).toBe('on-demand · community');
    expect(billingLabel('reserved', undefined, 'runpod')).toBe('reserved');
  });
});
