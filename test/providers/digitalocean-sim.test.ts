/**
 * The DigitalOcean simulator against the official OpenAPI document (digitalocean/openapi @ 7c1300c,
 * trimmed and bundled in test/fixtures/specs/digitalocean/openapi-subset.json): every response it
 * produces validates, including paging links, errors, 429 and the rate-limit headers.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DO_SIM_TOKEN, startDigitalOceanSim, type DoRunningSim } from '../../src/sim/digitalocean';
import { assertValid, loadSpec, responseValidator } from '../helpers/openapi';

const spec = loadSpec('digitalocean/openapi-subset.json');
let sim: DoRunningSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(opts: Parameters<typeof startDigitalOceanSim>[0] = {}): Promise<DoRunningSim> {
  sim = await startDigitalOceanSim({ seed: 1, ...opts });
  return sim;
}

async function get(
  s: DoRunningSim,
  path: string,
  token: string | null = DO_SIM_TOKEN,
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const res = await fetch(`${s.baseUrl}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as unknown, headers: res.headers };
}

const end = Math.floor(Date.now() / 1000);
const window = `start=${end - 3600}&end=${end}`;

describe('DigitalOcean simulator responses match the official spec', () => {
  it('droplets (every page), sizes, account, cpu and bandwidth (200)', async () => {
    const s = await start({ scenario: 'many-droplets' });
    const droplets = responseValidator(spec, 'get', '/v2/droplets', 200);
    let path: string | undefined = '/v2/droplets?per_page=200';
    let pages = 0;
    while (path) {
      const r = await get(s, path);
      assertValid(droplets, r.body, `droplets ${path}`);
      for (const h of ['ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset'])
        expect(r.headers.get(h)).toMatch(/^\d+$/);
      const next = (r.body as { links: { pages: { next?: string } } }).links.pages.next;
      expect(next === undefined || next.startsWith('https://api.digitalocean.com/v2/droplets?page=')).toBe(true);
      path = next ? next.replace('https://api.digitalocean.com', '') : undefined;
      pages++;
    }
    expect(pages).toBe(3);
    assertValid(responseValidator(spec, 'get', '/v2/sizes', 200), (await get(s, '/v2/sizes')).body, 'sizes');
    assertValid(responseValidator(spec, 'get', '/v2/account', 200), (await get(s, '/v2/account')).body, 'account');
    const id = s.scenario.droplets[0]!.id;
    const cpu = await get(s, `/v2/monitoring/metrics/droplet/cpu?host_id=${id}&${window}`);
    assertValid(responseValidator(spec, 'get', '/v2/monitoring/metrics/droplet/cpu', 200), cpu.body, 'cpu');
    expect((cpu.body as { data: { result: unknown[] } }).data.result.length).toBe(8);
    for (const direction of ['inbound', 'outbound']) {
      const bw = await get(
        s,
        `/v2/monitoring/metrics/droplet/bandwidth?host_id=${id}&interface=public&direction=${direction}&${window}`,
      );
      assertValid(responseValidator(spec, 'get', '/v2/monitoring/metrics/droplet/bandwidth', 200), bw.body, direction);
    }
  });

  it('the GPU-droplet filter (type=gpus) and the default page size of 20', async () => {
    const s = await start({ scenario: 'many-droplets' });
    const gpus = (await get(s, '/v2/droplets?type=gpus&per_page=200')).body as { droplets: { size_slug: string }[] };
    expect(gpus.droplets.length).toBeGreaterThan(0);
    expect(gpus.droplets.every((d) => d.size_slug.startsWith('gpu-'))).toBe(true);
    const first = (await get(s, '/v2/droplets')).body as { droplets: unknown[]; meta: { total: number } };
    expect(first.droplets).toHaveLength(20);
    expect(first.meta.total).toBe(450);
  });

  it('every demo tick still validates', async () => {
    const s = await start({ demo: true });
    const validate = responseValidator(spec, 'get', '/v2/sizes', 200);
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) {
      s.tick();
      const body = (await get(s, '/v2/sizes?per_page=200')).body as {
        sizes: { regions: string[]; available: boolean }[];
      };
      assertValid(validate, body, `tick ${i}`);
      seen.add(JSON.stringify(body.sizes.map((x) => [x.regions.length, x.available])));
    }
    expect(seen.size).toBeGreaterThan(1);
  });

  it('errors: 401 without or with a wrong token, 429 in the documented envelope, 400 without host_id', async () => {
    const s = await start();
    for (const token of [null, 'dop_v1_nope']) {
      const r = await get(s, '/v2/droplets', token);
      expect(r.status).toBe(401);
      assertValid(responseValidator(spec, 'get', '/v2/droplets', 401), r.body, '401');
    }
    s.scenario.tooManyRequests(1, 3);
    const limited = await get(s, '/v2/sizes');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    assertValid(responseValidator(spec, 'get', '/v2/sizes', 429), limited.body, '429');
    const bad = await get(s, `/v2/monitoring/metrics/droplet/cpu?${window}`);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ id: 'bad_request', message: 'host_id is required' });
  });
});
