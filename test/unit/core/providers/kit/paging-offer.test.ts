/**
 * Kit: the page-number walker (one cap, one wording for DigitalOcean, Linode, Hetzner) and the offer
 * parts (normalised GPU, price per hour and per GPU-hour) every provider builds the same way.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_PAGES,
  offerGpu,
  offerPrice,
  round,
  stateMap,
  walkPageNumbers,
} from '../../../../../src/core/providers/kit';

const owner = { provider: 'digitalocean', displayName: 'DigitalOcean' };

describe('walkPageNumbers', () => {
  it('asks page 1, then each next page, and returns every body in order', async () => {
    const asked: number[] = [];
    const bodies = await walkPageNumbers(owner, {
      path: '/v2/sizes',
      fetchPage: async (page) => (asked.push(page), { page }),
      nextPage: (_b, page) => (page < 3 ? page + 1 : undefined),
    });
    expect(asked).toEqual([1, 2, 3]);
    expect(bodies).toEqual([{ page: 1 }, { page: 2 }, { page: 3 }]);
  });

  it('a next page that does not move forward is bad_response', async () => {
    await expect(
      walkPageNumbers(owner, { path: '/v2/sizes', fetchPage: async () => ({}), nextPage: () => 1 }),
    ).rejects.toMatchObject({
      code: 'bad_response',
      message: 'DigitalOcean sent a next page that goes backwards on /v2/sizes',
    });
  });

  it('stops at the default cap, or at the one the provider gives', async () => {
    let calls = 0;
    const endless = { path: '/x', fetchPage: async () => (calls++, {}), nextPage: (_b: unknown, p: number) => p + 1 };
    await expect(walkPageNumbers(owner, endless)).rejects.toMatchObject({
      message: `DigitalOcean kept sending more pages of /x (over ${DEFAULT_MAX_PAGES})`,
    });
    expect(calls).toBe(DEFAULT_MAX_PAGES);
    await expect(walkPageNumbers(owner, { ...endless, maxPages: 3 })).rejects.toMatchObject({
      message: 'DigitalOcean kept sending more pages of /x (over 3)',
    });
  });
});

describe('offer parts', () => {
  it('offerGpu keeps the raw name, normalises the cleaned one and takes reported VRAM as a fallback', () => {
    const gpu = offerGpu({
      provider: 'linode',
      rawName: 'Dedicated 32GB + RTX6000 GPU x1',
      name: 'Quadro RTX 6000',
      count: 1,
      vramGb: 24,
    });
    expect(gpu).toMatchObject({ rawName: 'Dedicated 32GB + RTX6000 GPU x1', count: 1, vramGb: 24, vendor: 'nvidia' });
    expect(offerGpu({ provider: 'lambda', rawName: 'H100 (80 GB SXM5)', count: 8 })).toMatchObject({
      family: 'H100',
      count: 8,
    });
  });

  it('offerPrice derives $/GPU-h from $/h so the two agree', () => {
    expect(offerPrice(23.92, 8)).toEqual({ perHour: 23.92, perGpuHour: 2.99, currency: 'USD', billing: 'on-demand' });
    expect(offerPrice(1, 3, 'spot', 'EUR')).toEqual({
      perHour: 1,
      perGpuHour: 0.333333,
      currency: 'EUR',
      billing: 'spot',
    });
    expect(round(2.345678, 2)).toBe(2.35);
  });
});

describe('stateMap', () => {
  it("maps a provider's words to states; a word it does not list is unknown", () => {
    const state = stateMap({ running: ['active'], stopped: ['off', 'archive'] });
    expect(['active', 'off', 'archive', 'new-status'].map(state)).toEqual(['running', 'stopped', 'stopped', 'unknown']);
  });
});
