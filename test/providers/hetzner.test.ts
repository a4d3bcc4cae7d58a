/**
 * Contract tests: the real Hetzner Cloud client against the Hetzner simulator on loopback, plus
 * the documented examples (test/fixtures/specs/hetzner/samples, from the spec description).
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hetznerProvider, HETZNER_GPU_NOTE } from '../../src/core/providers/hetzner';
import { describeHetznerError, nextPageOfHetzner } from '../../src/core/providers/hetzner/client';
import { parseHetznerMetrics, parseHetznerServers } from '../../src/core/providers/hetzner/parse';
import { startHetznerSim, type HetznerRunningSim } from '../../src/sim/hetzner';
import { ResourceSchema } from '../../src/shared/model';
import { SPECS_DIR } from '../helpers/openapi';
import { parseProviderOptions } from '../../src/core/providers/kit';
import { caught, signal, simHarness } from './harness';

const { start, connect } = simHarness({
  descriptor: hetznerProvider,
  startSim: startHetznerSim,
  seed: 5,
  credentials: (s: HetznerRunningSim) => ({ token: s.token }),
});

const sample = (name: string): unknown =>
  JSON.parse(fs.readFileSync(`${SPECS_DIR}hetzner/samples/${name}`, 'utf8')) as unknown;

describe('Hetzner: the documented examples', () => {
  it('the empty servers list of "Getting Started" is no servers and no next page', () => {
    const body = sample('servers-list-empty.response.json');
    expect(parseHetznerServers([body], { fetchedAt: '2026-01-01T00:00:00.000Z' })).toEqual([]);
    expect(nextPageOfHetzner(body)).toBeUndefined();
  });

  it('the pagination example names page 3 next; the invalid_input example reads as message [code]', () => {
    expect(nextPageOfHetzner(sample('pagination-meta.example.json'))).toBe(3);
    expect(describeHetznerError(400, sample('error-invalid-input.response.json'))).toBe(
      "invalid input in field 'broken_field': is too long [invalid_input]",
    );
  });

  it('metrics: cpu per vCPU → share of the server; network bandwidth bytes/s', () => {
    const body = {
      metrics: {
        start: '2017-01-01T00:00:00Z',
        end: '2017-01-01T23:00:00Z',
        step: 60,
        time_series: {
          // The tuple shape of hcloud-go's schema test: [unix seconds (float), "value"].
          cpu: {
            values: [
              [1435781471.622, '43'],
              [1435781531.622, '180'],
            ],
          },
          'network.0.bandwidth.in': { values: [[1435781471.622, '1024']] },
        },
      },
    };
    const out = parseHetznerMetrics(body, 2, 'metrics');
    expect(out.map((s) => [s.name, s.points])).toEqual([
      [
        'cpu_utilization',
        [
          [1435781471622, 21.5],
          [1435781531622, 90],
        ],
      ],
      ['network_in', [[1435781471622, 1024]]],
    ]);
  });
});

describe('Hetzner servers and metrics', () => {
  it('pages to the end with meta.pagination (120 servers at 50 a page)', async () => {
    const s = await start('many-servers');
    const resources = await connect(s).client.fetchResources!(signal());
    expect(resources).toHaveLength(120);
    expect(s.http.requests.map((r) => r.query)).toEqual([
      '?page=1&per_page=50',
      '?page=2&per_page=50',
      '?page=3&per_page=50',
    ]);
  });

  it('states and metrics for running servers: CPU share, public network in/out', async () => {
    const s = await start();
    const { client } = connect(s);
    const resources = await client.fetchResources!(signal());
    expect(resources.map((r) => [r.state, r.stateRaw, r.region, r.meta.serverType])).toEqual([
      ['running', 'running', 'fsn1', 'ccx33'],
      ['running', 'running', 'nbg1', 'cx22'],
      ['stopped', 'off', 'hel1', 'cpx31'],
      ['starting', 'starting', 'ash', 'cx22'],
    ]);
    for (const r of resources) expect(ResourceSchema.safeParse(r).success).toBe(true);
    const before = s.http.requests.length;
    const metrics = await client.fetchMetrics!(resources, signal());
    expect(s.http.requests.length - before).toBe(2);
    const call = s.http.requests.at(-1)!;
    expect(call.path).toMatch(/^\/v1\/servers\/\d+\/metrics$/);
    expect(call.query).toMatch(/^\?type=cpu&type=network&start=.+&end=.+&step=60$/);
    for (const series of metrics.values()) {
      expect(series.map((m) => [m.name, m.unit])).toEqual([
        ['cpu_utilization', 'percent'],
        ['network_in', 'bytes/s'],
        ['network_out', 'bytes/s'],
      ]);
      expect(series[0]!.points.length).toBeGreaterThanOrEqual(59);
      for (const [, v] of series[0]!.points) expect(v).toBeLessThanOrEqual(100);
      expect(series[0]!.stepMs).toBe(60_000);
    }
  });

  it('testConnection counts the project’s servers', async () => {
    const s = await start();
    await expect(connect(s).client.testConnection(signal())).resolves.toEqual({
      ok: true,
      detail: 'Hetzner accepted the API token (4 servers in the project)',
    });
  });

  it('no offers, and the descriptor says why (GPU dedicated servers have no stock API)', () => {
    expect(hetznerProvider.capabilities.offers).toBe(false);
    expect(hetznerProvider.note).toBe(HETZNER_GPU_NOTE);
    expect(HETZNER_GPU_NOTE).toMatch(/Robot.*no stock/);
  });
});

describe('Hetzner errors', () => {
  it('a rejected token: one clear message naming Hetzner and what to do', async () => {
    const s = await start();
    const e = await caught(connect(s, { credentials: { token: 'hcloud-wrong' } }).client.fetchResources!(signal()));
    expect(e.code).toBe('auth');
    expect(e.message).toContain('Hetzner rejected the API token');
    expect(e.message).toContain('cloudtop auth set hetzner');
    expect(JSON.stringify(e)).not.toContain('hcloud-wrong');
  });

  it('no token: says one is needed and sends nothing', async () => {
    const s = await start();
    const e = await caught(connect(s, { credentials: null }).client.fetchResources!(signal()));
    expect(e.code).toBe('auth');
    expect(e.message).toContain('Hetzner needs a Cloud API token');
    expect(s.http.requests).toHaveLength(0);
  });

  it('429 rate_limit_exceeded with RateLimit-Reset as a Unix time: waits until then and recovers', async () => {
    const s = await start();
    s.scenario.tooManyRequests(1, 0);
    const { client, http } = connect(s);
    expect(await client.fetchResources!(signal())).toHaveLength(4);
    expect(http.stats().retries).toBe(1);
    expect(s.http.requests.map((r) => r.status)).toEqual([429, 200]);
  });

  it('the simulator’s project bucket: RateLimit-* on every answer, 429 when empty', async () => {
    const s = await start();
    s.scenario.limits.perHour = 2;
    const get = () => fetch(`${s.baseUrl}/servers`, { headers: { Authorization: `Bearer ${s.token}` } });
    const a = await get();
    expect(a.headers.get('ratelimit-limit')).toBe('2');
    expect(Number(a.headers.get('ratelimit-reset'))).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000));
    expect(a.headers.get('link')).toContain('rel="last"');
    await get();
    await get();
    const d = await get();
    expect(d.status).toBe(429);
    expect(((await d.json()) as { error: { code: string } }).error.code).toBe('rate_limit_exceeded');
  });

  it('malformed JSON and schema-violating bodies are bad_response naming the field', async () => {
    const s = await start();
    s.http.control.failNext({ status: 200, body: '{"servers": [', headers: { 'content-type': 'application/json' } });
    const { client } = connect(s);
    const e = await caught(client.fetchResources!(signal()));
    expect(e.code).toBe('bad_response');
    expect(e.provider).toBe('hetzner');
    s.http.control.failNext({ status: 200, body: { servers: [{ id: 1, name: 'x', status: 'running' }], meta: {} } });
    const e2 = await caught(client.fetchResources!(signal()));
    expect(e2.message).toMatch(/Hetzner.*\/servers.*servers\[0\]\.server_type/);
  });

  it('a 503 with Hetzner’s envelope is upstream with its words', async () => {
    const s = await start();
    s.http.control.failNext(
      {
        status: 503,
        body: { error: { code: 'maintenance', message: 'Cannot perform operation due to maintenance', details: null } },
      },
      10,
    );
    const e = await caught(connect(s, { retry: { retries: 1 } }).client.fetchResources!(signal()));
    expect(e.code).toBe('upstream');
    expect(e.message).toContain('maintenance');
  });

  it('a hung request times out', async () => {
    const s = await start();
    s.http.control.hangNext(10);
    const e = await caught(connect(s, { timeoutMs: 200, retry: { retries: 1 } }).client.fetchResources!(signal()));
    expect(e.code).toBe('timeout');
    expect(e.message).toContain('Hetzner');
  });
});

describe('Hetzner descriptor', () => {
  it('stays at or under half of 3,600 requests/hour', () => {
    const r = hetznerProvider.rateLimit;
    expect(r.intervalCap / (r.intervalMs / 3_600_000)).toBeLessThanOrEqual(1800);
    expect(hetznerProvider.defaultBaseUrl).toBe('https://api.hetzner.cloud/v1');
  });
});

describe('Hetzner on the provider kit', () => {
  it('discover() offers the token the Hetzner CLI reads from HCLOUD_TOKEN, showing only its end', () => {
    const token = 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0';
    const [c, ...more] = hetznerProvider.discover!({ HCLOUD_TOKEN: ` ${token}\n` });
    expect(more).toEqual([]);
    expect(c).toMatchObject({ provider: 'hetzner', fields: { token }, hints: { token: '…a9b0' } });
    expect(c!.source).toContain('HCLOUD_TOKEN');
    expect(hetznerProvider.discover!({ HCLOUD_TOKEN: 'short' })).toEqual([]);
    expect(hetznerProvider.discover!({})).toEqual([]);
  });

  it('options are checked by the descriptor schema: a bad one is a config error naming it', () => {
    expect(() => parseProviderOptions(hetznerProvider, { metricsStepSeconds: 0 })).toThrow(
      expect.objectContaining({
        code: 'config',
        message: expect.stringContaining('providers.hetzner.options.metricsStepSeconds'),
      }),
    );
    expect(hetznerProvider.response?.maxBytes).toBeGreaterThan(0);
  });
});
