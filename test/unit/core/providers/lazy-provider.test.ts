/** lazyProvider: the registry's descriptor whose client (index.ts) loads when the first one is made. */
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { lazyProvider, type ProviderInfo } from '../../../../src/core/providers/lazy-provider';
import type { ProviderContext, ProviderDescriptor } from '../../../../src/core/providers/types';
import { realClock } from '../../../../src/core/collector/clock';
import { silentLogger } from '../../../../src/core/log/types';
import { CloudtopError } from '../../../../src/shared/model';

const info: ProviderInfo = {
  id: 'vastai',
  displayName: 'Vast.ai',
  kind: 'gpu-market',
  credentialFields: [{ name: 'apiKey', label: 'API key', secret: true, optional: true }],
  credentialSchema: z.object({ apiKey: z.string() }),
  rateLimit: { documented: '1/s', intervalMs: 1000, intervalCap: 1 },
  defaultPollMs: 60_000,
  capabilities: { offers: true, resources: false, metrics: false },
  consoleUrl: 'https://example.com/',
  defaultBaseUrl: 'https://example.com',
};
const ctx: ProviderContext = {
  provider: 'vastai',
  account: 'default',
  baseUrl: info.defaultBaseUrl,
  credentials: null,
  http: {} as never,
  clock: realClock,
  log: silentLogger,
  options: {},
};

describe('lazyProvider', () => {
  it('loads the whole provider once, when a client is first used, and passes calls through', async () => {
    let loads = 0;
    let made = 0;
    const full: ProviderDescriptor = {
      ...info,
      create: () => {
        made++;
        return {
          fetchOffers: async () => [],
          testConnection: async () => ({ ok: true as const, detail: 'fine' }),
        };
      },
    };
    const d = lazyProvider(info, async () => (loads++, full));
    const client = d.create(ctx);
    expect(loads).toBe(0);
    expect(typeof client.fetchOffers).toBe('function');
    expect(client.fetchResources).toBeUndefined(); // not in the capabilities
    expect(await client.testConnection(AbortSignal.timeout(1000))).toEqual({ ok: true, detail: 'fine' });
    expect(await client.fetchOffers!(AbortSignal.timeout(1000))).toEqual([]);
    d.create(ctx);
    expect([loads, made]).toEqual([1, 1]);
    expect(d.id).toBe('vastai');
  });

  it('a client that cannot be made fails its calls as the runtime says it (config, check its options)', async () => {
    const broken = lazyProvider(info, async () => ({
      ...info,
      create: () => {
        throw new TypeError('cannot read x of undefined');
      },
    }));
    await expect(broken.create(ctx).testConnection(AbortSignal.timeout(1000))).rejects.toMatchObject({
      code: 'config',
      message: 'Vast.ai: could not set up the client; check its options',
    });
    const refused = lazyProvider(info, async () => ({
      ...info,
      create: () => {
        throw new CloudtopError('config', 'Vast.ai options.limit: too large');
      },
    }));
    await expect(refused.create(ctx).fetchOffers!(AbortSignal.timeout(1000))).rejects.toMatchObject({
      code: 'config',
      message: 'Vast.ai options.limit: too large',
    });
  });
});
