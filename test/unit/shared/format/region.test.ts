import { describe, expect, it } from 'vitest';
import { regionLabel } from '../../../../src/shared/format';

describe('regionLabel', () => {
  it('drops the country where the region id already names it', () => {
    expect(regionLabel({ id: 'EU-SE-1', country: 'SE' })).toBe('EU-SE-1'); // RunPod
    expect(regionLabel({ id: 'EUR-IS-1', country: 'IS' })).toBe('EUR-IS-1');
    expect(regionLabel({ id: 'US', country: 'US' })).toBe('US'); // Vast.ai
    expect(regionLabel({ id: 'us-west-2d', country: 'US' })).toBe('us-west-2d'); // AWS
    expect(regionLabel({ id: 'us-central1-a', country: 'US' })).toBe('us-central1-a'); // GCP
  });

  it('keeps it where the id does not, or names it only inside a word', () => {
    expect(regionLabel({ id: 'europe-west4-a', country: 'NL' })).toBe('NL · europe-west4-a');
    expect(regionLabel({ id: 'eastus', country: 'US' })).toBe('US · eastus'); // Azure: "us" only inside a word
    expect(regionLabel({ id: 'nyc2', country: 'US' })).toBe('US · nyc2'); // DigitalOcean
  });

  it('uses the name when it only adds detail to the id, and the id alone without a country', () => {
    expect(regionLabel({ id: 'us-ashburn-1', name: 'us-ashburn-1 AD-1', country: 'US' })).toBe('us-ashburn-1 AD-1');
    expect(regionLabel({ id: 'us-east', name: 'Newark, NJ' })).toBe('us-east');
    expect(regionLabel({ id: 'any' })).toBe('any');
  });
});
