import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeCore, makeOffer } from '../../../helpers/fake-core';
import { startServer, type RunningServer } from '../../../../src/node/server';
import { Client, makeStaticDir, raw } from './harness';

let core: FakeCore;
let server: RunningServer;

beforeEach(async () => {
  core = new FakeCore({ offers: 0 });
  server = await startServer({ core, staticDir: makeStaticDir(), version: 't' });
});
afterEach(() => server.close());

const scrape = async () => {
  const r = await raw(server.port, '/metrics', { authorization: `Bearer ${server.token}` });
  expect(r.status).toBe(200);
  expect(r.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return r.body;
};

/** The value of one sample line, e.g. metric('cloudtop_offers{provider="vastai",model="H100-SXM"}'). */
const sample = (body: string, series: string) => {
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('/metrics', () => {
  it('needs the token', async () => {
    expect((await raw(server.port, '/metrics')).status).toBe(401);
  });

  it('counts offers and the cheapest $/GPU-h per provider and model, ignoring unavailable offers', async () => {
    const h100 = (i: number, perGpuHour: number, provider: 'vastai' | 'runpod' = 'vastai') => ({
      ...makeOffer(i, { model: 'H100-SXM', perGpuHour, provider }),
      availability: { state: 'available' as const },
    });
    const gone = { ...h100(3, 0.5), availability: { state: 'none' as const } };
    core.addOffers([h100(1, 2.5), h100(2, 1.75), gone, h100(4, 3, 'runpod')]);
    const body = await scrape();
    expect(sample(body, 'cloudtop_offers{provider="vastai",model="H100-SXM"}')).toBe(3);
    expect(sample(body, 'cloudtop_offers{provider="runpod",model="H100-SXM"}')).toBe(1);
    expect(sample(body, 'cloudtop_offers_available{provider="vastai",model="H100-SXM"}')).toBe(2);
    expect(sample(body, 'cloudtop_cheapest_usd_per_gpu_hour{provider="vastai",model="H100-SXM"}')).toBe(1.75);
    expect(sample(body, 'cloudtop_cheapest_usd_per_gpu_hour{provider="runpod",model="H100-SXM"}')).toBe(3);
  });

  it('reports provider health as one gauge per state', async () => {
    core.failProvider('lambda', { code: 'auth', message: 'Lambda rejected the API key (401)', retryable: false });
    const body = await scrape();
    expect(sample(body, 'cloudtop_provider_state{provider="lambda",account="default",state="error"}')).toBe(1);
    expect(sample(body, 'cloudtop_provider_state{provider="lambda",account="default",state="ok"}')).toBe(0);
    expect(sample(body, 'cloudtop_provider_state{provider="vastai",account="default",state="ok"}')).toBe(1);
    expect(sample(body, 'cloudtop_provider_stale{provider="lambda",account="default"}')).toBe(1);
  });

  it('observes collector latency once per poll and counts requests and errors', async () => {
    const before = await scrape();
    expect(sample(before, 'cloudtop_collector_duration_seconds_count{provider="vastai"}')).toBe(1);
    core.update((s) => s); // same lastAttempt: no new observation
    core.update((s) => ({
      ...s,
      providers: s.providers.map((p) =>
        p.provider === 'vastai'
          ? { ...p, lastAttempt: '2026-01-01T00:06:00.000Z', lastDurationMs: 3000, lastRequestCount: 4 }
          : p,
      ),
    }));
    const c = await Client.connect(server.port, { token: server.token, origin: `http://127.0.0.1:${server.port}` });
    await c.invoke('app.info');
    await c.invoke('watches.delete', { id: 7 });
    await c.close();
    const body = await scrape();
    expect(sample(body, 'cloudtop_collector_duration_seconds_count{provider="vastai"}')).toBe(2);
    expect(sample(body, 'cloudtop_collector_duration_seconds_bucket{le="5",provider="vastai"}')).toBe(2);
    expect(sample(body, 'cloudtop_collector_duration_seconds_bucket{le="2.5",provider="vastai"}')).toBe(1);
    expect(sample(body, 'cloudtop_collector_requests_total{provider="vastai"}')).toBe(5);
    expect(sample(body, 'cloudtop_ws_requests_total{channel="app.info"}')).toBe(1);
    expect(sample(body, 'cloudtop_ws_request_errors_total{channel="watches.delete",code="config"}')).toBe(1);
    expect(sample(body, 'cloudtop_http_requests_total{route="unauthorized",status="401"}')).toBeUndefined();
    await raw(server.port, '/');
    expect(sample(await scrape(), 'cloudtop_http_requests_total{route="unauthorized",status="401"}')).toBe(1);
  });
});
