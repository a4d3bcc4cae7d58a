/**
 * The Hetzner simulator against the schema derived from Hetzner's Go library (hcloud-go
 * hcloud/schema; test/fixtures/specs/hetzner/hcloud-go-derived.openapi.json, origin in SOURCES.md):
 * servers on every page, metrics, server types, errors.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HETZNER_SIM_TOKEN, startHetznerSim, type HetznerRunningSim } from '../../src/sim/hetzner';
import { assertValid, loadSpec, responseValidator } from '../helpers/openapi';

const spec = loadSpec('hetzner/hcloud-go-derived.openapi.json');
let sim: HetznerRunningSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function get(s: HetznerRunningSim, path: string, token: string | null = HETZNER_SIM_TOKEN) {
  const res = await fetch(`${s.baseUrl}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  return { status: res.status, body: (await res.json()) as unknown, headers: res.headers };
}

const end = new Date().toISOString();
const start = new Date(Date.now() - 3_600_000).toISOString();

describe('Hetzner simulator responses match the hcloud-go schema', () => {
  it('servers (every page), metrics, server types', async () => {
    const s = (sim = await startHetznerSim({ scenario: 'many-servers', seed: 1 }));
    for (let page = 1; page <= 3; page++) {
      const r = await get(s, `/servers?page=${page}&per_page=50`);
      assertValid(responseValidator(spec, 'get', '/servers', 200), r.body, `servers page ${page}`);
      const pg = (r.body as { meta: { pagination: { next_page: number | null } } }).meta.pagination;
      expect(pg.next_page).toBe(page < 3 ? page + 1 : null);
    }
    const id = s.scenario.servers[0]!.id;
    const m = await get(s, `/servers/${id}/metrics?type=cpu&type=network&type=disk&start=${start}&end=${end}&step=60`);
    assertValid(responseValidator(spec, 'get', '/servers/{id}/metrics', 200), m.body, 'metrics');
    const ts = (m.body as { metrics: { time_series: Record<string, unknown> } }).metrics.time_series;
    expect(Object.keys(ts)).toEqual(expect.arrayContaining(['cpu', 'network.0.bandwidth.in', 'disk.0.iops.read']));
    assertValid(responseValidator(spec, 'get', '/server_types', 200), (await get(s, '/server_types')).body, 'types');
  });

  it('errors in the {error: {code, message, details}} envelope: 401, 400 naming the field, 404', async () => {
    const s = (sim = await startHetznerSim({ seed: 1 }));
    const noAuth = await get(s, '/servers', null);
    expect(noAuth.status).toBe(401);
    assertValid(responseValidator(spec, 'get', '/servers', 'default'), noAuth.body, '401');
    const id = s.scenario.servers[0]!.id;
    const noType = await get(s, `/servers/${id}/metrics?start=${start}&end=${end}`);
    expect(noType.status).toBe(400);
    expect(noType.body).toMatchObject({ error: { code: 'invalid_input', details: { fields: [{ name: 'type' }] } } });
    assertValid(responseValidator(spec, 'get', '/servers/{id}/metrics', 'default'), noType.body, '400');
    const tooMany = await get(s, '/servers?per_page=51');
    expect(tooMany.status).toBe(400);
    const missing = await get(s, `/servers/1/metrics?type=cpu&start=${start}&end=${end}`);
    expect(missing.status).toBe(404);
  });

  it('demo ticks move the load and keep the shape', async () => {
    const s = (sim = await startHetznerSim({ demo: true, seed: 1 }));
    const id = s.scenario.servers[0]!.id;
    const seen = new Set<string>();
    for (let i = 0; i < 5; i++) {
      s.tick();
      const m = await get(s, `/servers/${id}/metrics?type=cpu&start=${start}&end=${end}&step=600`);
      assertValid(responseValidator(spec, 'get', '/servers/{id}/metrics', 200), m.body, `tick ${i}`);
      seen.add(JSON.stringify(m.body));
    }
    expect(seen.size).toBeGreaterThan(1);
  });
});
