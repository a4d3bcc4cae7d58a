import { describe, expect, it } from 'vitest';
import { buildVastQuery, parseVastOptions, vastGpuName } from '../../../../../src/core/providers/vastai/query';
import { CloudtopError } from '../../../../../src/shared/model';

describe('buildVastQuery', () => {
  it('builds the real /bundles/ query format from the options', () => {
    const q = buildVastQuery({
      gpuNames: ['H100 SXM', 'H100_PCIE'],
      minGpus: 2,
      maxGpus: 8,
      maxPricePerHour: 20,
      minReliability: 0.98,
      countries: ['us', 'CA'],
      excludeCountries: ['TW'],
      minGpuRamGb: 80,
      limit: 200,
    });
    expect(q).toEqual({
      verified: { eq: true },
      rentable: { eq: true },
      external: { eq: false },
      gpu_name: { in: ['H100 SXM', 'H100 PCIE'] },
      num_gpus: { gte: 2, lte: 8 },
      dph_total: { lte: 20 },
      // The documented filter key (search_offers.yaml, vast-cli); reliability2 is a response field.
      reliability: { gte: 0.98 },
      gpu_ram: { gte: 80_000 },
      geolocation: { in: ['US', 'CA'], notin: ['TW'] },
      order: [['dph_total', 'asc']],
      type: 'on-demand',
      limit: 200,
      allocated_storage: 5,
    });
  });

  it('has sensible defaults: verified, rentable, cheapest first, one page of 1000', () => {
    expect(buildVastQuery()).toEqual({
      verified: { eq: true },
      rentable: { eq: true },
      external: { eq: false },
      num_gpus: { gte: 1 },
      order: [['dph_total', 'asc']],
      type: 'on-demand',
      limit: 1000,
      // vast-cli `search offers` always sends --storage (default 5.0): prices then match its table.
      allocated_storage: 5,
    });
  });

  it('never sends the response-only field reliability2 as a filter', () => {
    const q = buildVastQuery({ minReliability: 0.99 });
    expect(q).not.toHaveProperty('reliability2');
    expect(q.reliability).toEqual({ gte: 0.99 });
  });

  it('asks for bid pricing for interruptible offers, and can include unverified hosts', () => {
    const q = buildVastQuery({ verified: 'any', order: [['score', 'desc']], allocatedStorageGb: 10 }, 'interruptible');
    expect(q).toMatchObject({
      type: 'bid',
      verified: { in: [true, false] },
      order: [['score', 'desc']],
      allocated_storage: 10,
    });
  });

  it('turns the CLI spelling of GPU names into the wire spelling', () => {
    expect(vastGpuName('RTX_4090')).toBe('RTX 4090');
    expect(vastGpuName(' H100  SXM ')).toBe('H100 SXM');
  });
});

describe('parseVastOptions', () => {
  it('rejects unknown or invalid options with a config error naming the key', () => {
    expect(() => parseVastOptions({ maxPrice: 2 })).toThrow(CloudtopError);
    try {
      parseVastOptions({ countries: ['USA'] });
    } catch (e) {
      expect((e as CloudtopError).code).toBe('config');
      expect((e as CloudtopError).message).toContain('providers.vastai.options.countries');
    }
  });
});
