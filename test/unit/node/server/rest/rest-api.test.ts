/**
 * `/api/v1` in process, against the FakeCore: token rules, parameters parsed by the CLI's own flag
 * definitions, ETag/304, rate limit, SSE diffs and alerts, and the OpenAPI 3.1 document validated
 * against the official OpenAPI 3.1 schema and against the answers themselves.
 */
import fs from 'node:fs';
import path from 'node:path';
import { request as httpRequest } from 'node:http';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeCore, makeOffer } from '../../../../helpers/fake-core';
import { startServer, type RunningServer } from '../../../../../src/node/server';
import { createRateLimiter } from '../../../../../src/node/server/rest/rate-limit';
import { etagMatches } from '../../../../../src/node/server/rest';
import { filterOffers, sortOffers } from '../../../../../src/shared/filter';
import { makeStaticDir, raw } from '../harness';
import { HistoryStore, historyFromStore, observeOffers } from '../../../../../src/core/history';

let core: FakeCore;
let server: RunningServer;
const bearer = () => ({ authorization: `Bearer ${server.token}` });
const get = (p: string, headers: Record<string, string> = bearer()) => raw(server.port, p, headers);
const json = <T = Record<string, unknown>>(body: string) => JSON.parse(body) as T;

beforeEach(async () => {
  core = new FakeCore({ offers: 120 });
  server = await startServer({
    core,
    staticDir: makeStaticDir(),
    version: '0.0.0-test',
    rest: { rateLimit: { perMinute: 6000, capacity: 1000 } },
  });
});
afterEach(async () => {
  await server.close();
});

describe('/api/v1 access', () => {
  it('needs the token (401 without, 403 wrong) and answers JSON errors', async () => {
    for (const p of [
      '/api/v1/offers',
      '/api/v1/resources',
      '/api/v1/providers',
      '/api/v1/watches',
      '/api/v1/alerts',
      '/api/v1/history?gpu=H100',
      '/api/v1/events',
      '/api/v1/openapi.json',
    ]) {
      const none = await get(p, {});
      expect(none.status, p).toBe(401);
      expect(json(none.body)).toMatchObject({ error: { code: 'unauthorized' } });
      const wrong = await get(p, { authorization: 'Bearer nope' });
      expect(wrong.status, p).toBe(403);
      expect(json(wrong.body)).toMatchObject({ error: { code: 'forbidden' } });
    }
    // The page's other ways to present the token work too.
    expect((await get(`/api/v1/providers?token=${server.token}`, {})).status).toBe(200);
    expect((await get('/api/v1/providers', { cookie: `cloudtop_token_${server.port}=${server.token}` })).status).toBe(
      200,
    );
  });

  it('keeps the Host and Origin checks, is read-only, and never caches', async () => {
    expect((await get('/api/v1/offers', { ...bearer(), host: 'evil.example:80' })).status).toBe(403);
    expect((await get('/api/v1/offers', { ...bearer(), origin: 'https://evil.example' })).status).toBe(403);
    const post = await raw(server.port, '/api/v1/offers', bearer(), 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.allow).toBe('GET, HEAD');
    const ok = await get('/api/v1/offers');
    expect(ok.headers['cache-control']).toBe('no-store');
    expect(ok.headers['content-type']).toMatch(/^application\/json/);
    expect(ok.headers['x-content-type-options']).toBe('nosniff');
    expect((await get('/api/v1/nope')).status).toBe(404);
  });
});

describe('GET /api/v1/offers', () => {
  it('filters with the CLI flags as parameters and answers the CLI document', async () => {
    const r = await get('/api/v1/offers?gpu=H100&max-price=3&sort=hour');
    expect(r.status).toBe(200);
    const doc = json<{ schemaVersion: number; offers: { id: string }[]; providers: { provider: string }[] }>(r.body);
    expect(doc.schemaVersion).toBe(1);
    const snap = core.snapshot();
    const expected = sortOffers(
      filterOffers(snap.offers, {
        gpu: ['H100'],
        maxPricePerGpuHour: 3,
        availability: ['available', 'low'],
        providers: ['vastai', 'runpod', 'lambda', 'oci'],
      }),
      { key: 'perHour', dir: 'asc' },
    );
    expect(doc.offers.map((o) => o.id)).toEqual(expected.map((o) => o.id));
    // Only providers with offers are reported, as `cloudtop offers -o json` does.
    expect(doc.providers.every((p) => ['vastai', 'runpod', 'lambda', 'oci'].includes(p.provider))).toBe(true);
  });

  it('takes repeated and comma-separated values, booleans, provider, limit and group', async () => {
    const both = json<{ offers: { gpu: { family: string } }[] }>(
      (await get('/api/v1/offers?gpu=H100&gpu=A100&include-unavailable')).body,
    );
    const comma = json<{ offers: unknown[] }>(
      (await get('/api/v1/offers?gpu=H100,A100&include-unavailable=true')).body,
    );
    expect(comma.offers).toEqual(both.offers);
    const one = json<{ offers: { provider: string }[] }>((await get('/api/v1/offers?provider=vastai&limit=3')).body);
    expect(one.offers.length).toBeLessThanOrEqual(3);
    expect(one.offers.every((o) => o.provider === 'vastai')).toBe(true);
    const grouped = json<{ groups: { model: string }[] }>((await get('/api/v1/offers?group')).body);
    expect(grouped.groups.length).toBeGreaterThan(0);
  });

  it('400 names the parameter, in the CLI wording', async () => {
    const cases: [string, string][] = [
      ['max-price=abc', 'max-price'],
      ['max-price=', 'max-price'],
      ['min-count=1.5', 'min-count'],
      ['billing=free', 'billing'],
      ['sort=cheapest', 'sort'],
      ['limit=0', 'limit'],
      ['provider=aws', 'provider'],
      ['verified=maybe', 'verified'],
      ['colour=red', 'colour'],
      ['provider=neon', 'provider'],
    ];
    for (const [q, parameter] of cases) {
      const r = await get(`/api/v1/offers?${q}`);
      expect(r.status, q).toBe(400);
      const body = json<{ error: { code: string; parameter: string; message: string } }>(r.body);
      expect(body.error, q).toMatchObject({ code: 'bad_request', parameter });
      expect(body.error.message, q).toContain(parameter);
    }
    expect(json<{ error: { message: string } }>((await get('/api/v1/offers?max-price=abc')).body).error.message).toBe(
      'max-price: "abc" is not a decimal number ≥ 0 and ≤ 1000000',
    );
  });

  it('ETag follows the snapshot version: 304 until the snapshot changes', async () => {
    const first = await get('/api/v1/offers?gpu=H100');
    const etag = String(first.headers.etag);
    expect(etag).toBe(`"v${core.snapshot().version}"`);
    const again = await get('/api/v1/offers?gpu=H100', { ...bearer(), 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(again.body).toBe('');
    expect(again.headers.etag).toBe(etag);
    core.addOffers([makeOffer(9000)]);
    const changed = await get('/api/v1/offers?gpu=H100', { ...bearer(), 'if-none-match': etag });
    expect(changed.status).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
    expect(etagMatches(`W/${etag}, "x"`, etag)).toBe(true);
    expect(etagMatches('*', etag)).toBe(true);
  });
});

describe('other endpoints', () => {
  it('resources (kind, provider), providers, watches and alerts', async () => {
    // Resources come from configured providers, as in `cloudtop resources`.
    for (const info of core.providers().filter((p) => p.capabilities.resources)) {
      const values = Object.fromEntries(info.credentialFields.filter((f) => !f.optional).map((f) => [f.name, 'x']));
      await core.credentials.set(info.id, 'default', values);
    }
    const all = json<{ resources: { kind: string; provider: string; metrics: { latest: unknown }[] }[] }>(
      (await get('/api/v1/resources')).body,
    );
    expect(all.resources.length).toBeGreaterThan(0);
    const kind = all.resources[0]!.kind;
    const some = json<{ resources: { kind: string }[] }>((await get(`/api/v1/resources?kind=${kind}`)).body);
    expect(some.resources.every((r) => r.kind === kind)).toBe(true);
    expect(
      json<{ error: { parameter: string } }>((await get('/api/v1/resources?kind=moon')).body).error.parameter,
    ).toBe('kind');
    const providers = json<{ providers: unknown[] }>((await get('/api/v1/providers')).body);
    expect(providers.providers.length).toBe(core.snapshot().providers.length);
    expect(json((await get('/api/v1/watches')).body)).toMatchObject({ schemaVersion: 1, watches: [] });
    expect(json((await get('/api/v1/alerts')).body)).toMatchObject({ schemaVersion: 1, alerts: [] });
    expect((await get('/api/v1/watches?x=1')).status).toBe(400);
  });

  it('rate-limits per token with 429 and Retry-After', async () => {
    await server.close();
    server = await startServer({
      core,
      staticDir: makeStaticDir(),
      version: '0.0.0-test',
      rest: { rateLimit: { perMinute: 60, capacity: 3 } },
    });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await get('/api/v1/providers')).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await get('/api/v1/providers');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(json(limited.body)).toMatchObject({ error: { code: 'rate_limited' } });
  });

  it('the token bucket refills at its rate (injected clock)', () => {
    let t = 0;
    const rl = createRateLimiter({ perMinute: 60, capacity: 2, now: () => t });
    expect([rl.take('a').ok, rl.take('a').ok, rl.take('a').ok]).toEqual([true, true, false]);
    const denied = rl.take('a');
    expect(denied.ok === false && denied.retryAfterMs).toBe(1000);
    t += 1000;
    expect(rl.take('a').ok).toBe(true);
    expect(rl.take('b').ok).toBe(true);
  });
});

describe('GET /api/v1/events', () => {
  it('streams hello, then snapshot diffs and alerts as Server-Sent Events', async () => {
    const events: { event: string; id?: string; data: unknown }[] = [];
    let buffer = '';
    const req = httpRequest({
      host: '127.0.0.1',
      port: server.port,
      path: '/api/v1/events',
      headers: { host: `127.0.0.1:${server.port}`, ...bearer() },
    });
    const headers = await new Promise<Record<string, unknown>>((ok, fail) => {
      req.on('response', (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let i;
          while ((i = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, i);
            buffer = buffer.slice(i + 2);
            const ev: { event: string; id?: string; data: unknown } = { event: 'message', data: undefined };
            for (const line of frame.split('\n')) {
              if (line.startsWith('event: ')) ev.event = line.slice(7);
              else if (line.startsWith('id: ')) ev.id = line.slice(4);
              else if (line.startsWith('data: ')) ev.data = JSON.parse(line.slice(6));
            }
            if (ev.data !== undefined) events.push(ev);
          }
        });
        ok(res.headers);
      });
      req.on('error', fail);
      req.end();
    });
    try {
      expect(headers['content-type']).toMatch(/^text\/event-stream/);
      const until = async (n: number) => {
        for (let i = 0; i < 200 && events.length < n; i++) await new Promise((r) => setTimeout(r, 10));
      };
      await until(1);
      expect(events[0]).toMatchObject({ event: 'hello', data: { version: core.snapshot().version } });
      const diff = core.addOffers([makeOffer(9001)]);
      await until(2);
      expect(events[1]).toMatchObject({ event: 'snapshot', id: String(diff.toVersion) });
      expect((events[1]!.data as { offers: { added: { id: string }[] } }).offers.added.map((o) => o.id)).toEqual(
        diff.offers.added.map((o) => o.id),
      );
      const alert = {
        id: 'a1',
        watchId: 'w1',
        watchName: 'H100',
        kind: 'appeared' as const,
        at: new Date().toISOString(),
        offers: [
          {
            offerId: 'x',
            provider: 'vastai' as const,
            model: 'H100',
            count: 1,
            perGpuHour: 2,
            perHour: 2,
            region: 'US',
          },
        ],
        suppressed: false,
      };
      core.emitAlert(alert);
      await until(3);
      expect(events[2]).toMatchObject({ event: 'alert', data: { id: 'a1', watchName: 'H100' } });
    } finally {
      req.destroy();
    }
  });
});

describe('GET /api/v1/openapi.json', () => {
  // The official schema hooks Schema Objects in with `$dynamicRef: "#meta"` (its `$defs/schema`,
  // `$dynamicAnchor: meta`). Ajv resolves that anchor wrongly, so point the hook at the same
  // definition with a plain $ref: with the default dialect the two mean the same.
  const oas = JSON.parse(
    fs
      .readFileSync(path.join(__dirname, '../../../../fixtures/specs/openapi/oas-3.1-schema-2022-02-27.json'), 'utf8')
      .replaceAll('"$dynamicRef": "#meta"', '"$ref": "#/$defs/schema"'),
  ) as object;

  it('is a valid OpenAPI 3.1 document whose schemas describe the real answers', async () => {
    const r = await get('/api/v1/openapi.json');
    expect(r.status).toBe(200);
    const doc = json<{
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, object> };
    }>(r.body);
    expect(doc.openapi).toBe('3.1.0');
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addFormat('media-range', true);
    const validateDoc = ajv.compile(oas);
    expect(validateDoc(doc), JSON.stringify(validateDoc.errors?.slice(0, 3))).toBe(true);

    // Each component schema compiles, and the live answers satisfy them.
    const schemaAjv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(schemaAjv);
    const check = async (name: string, p: string) => {
      const v = schemaAjv.compile(doc.components.schemas[name]!);
      const body = json((await get(p)).body);
      expect(v(body), `${name}: ${JSON.stringify(v.errors?.slice(0, 3))}`).toBe(true);
    };
    await check('OffersDocument', '/api/v1/offers?include-unavailable&group');
    await check('ResourcesDocument', '/api/v1/resources');
    await check('ProvidersDocument', '/api/v1/providers');
    await check('WatchesDocument', '/api/v1/watches');
    await check('AlertsDocument', '/api/v1/alerts');
    await check('HistoryDocument', '/api/v1/history?gpu=H100');
    await check('Error', '/api/v1/offers?max-price=abc');
    // Every offers flag of the CLI is documented as a query parameter.
    const params = (doc.paths['/api/v1/offers'] as { get: { parameters: { name: string }[] } }).get.parameters.map(
      (p) => p.name,
    );
    expect(params).toEqual(
      expect.arrayContaining([
        'gpu',
        'min-count',
        'max-price',
        'region',
        'billing',
        'provider',
        'include-unavailable',
        'sort',
        'group',
        'limit',
      ]),
    );
  });
});

describe('GET /api/v1/history', () => {
  const MIN = 60_000;
  /** Two days of 10-minute polls: an H100 on RunPod that is up two hours in every four. */
  function seeded(now: number) {
    const store = HistoryStore.open(':memory:');
    for (let t = now - 2 * 24 * 60 * MIN, n = 0; t <= now; t += 10 * MIN, n++) {
      const base = makeOffer(1, {
        provider: 'runpod',
        model: 'H100-SXM',
        count: 1,
        perGpuHour: 2.4,
        region: 'US-TX-3',
      });
      const up = Math.floor(n / 12) % 2 === 0;
      store.recordPoll('runpod', t, observeOffers([{ ...base, availability: { state: up ? 'available' : 'none' } }]));
    }
    return historyFromStore(store, { now: () => now });
  }

  it('answers the `cloudtop history -o json` report with the CLI flags as parameters', async () => {
    core.history = seeded(Date.now());
    const r = await get('/api/v1/history?gpu=H100&provider=runpod&since=2d');
    expect(r.status).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
    const doc = json<{ schemaVersion: number; query: { gpu: string; sinceMs: number }; episodes: unknown[] }>(r.body);
    expect(doc.schemaVersion).toBe(1);
    expect(doc.query).toMatchObject({ gpu: 'H100', sinceMs: 2 * 24 * 60 * MIN });
    expect(doc.episodes.length).toBeGreaterThan(5);
    // A face without a history file answers an empty report, not an error.
    core.history = undefined;
    const empty = json<{ episodes: unknown[] }>((await get('/api/v1/history?gpu=H100')).body);
    expect(empty.episodes).toEqual([]);
  });

  it('400 names the parameter: missing gpu, non-decimal count, bad since, unknown parameter', async () => {
    for (const [q, parameter] of [
      ['', 'gpu'],
      ['gpu=H100&count=0x10', 'count'],
      ['gpu=H100&since=forever', 'since'],
      ['gpu=H100&colour=red', 'colour'],
    ] as const) {
      const r = await get(`/api/v1/history?${q}`);
      expect(r.status, q).toBe(400);
      expect(json<{ error: { parameter: string } }>(r.body).error.parameter, q).toBe(parameter);
    }
  });
});
