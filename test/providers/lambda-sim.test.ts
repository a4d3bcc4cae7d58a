/**
 * The Lambda simulator against the official OpenAPI 1.10.0 document. Every response shape it
 * produces is validated; the 429 is the one shape the spec does not define (documented in
 * src/sim/lambda/index.ts), so it is checked against the general error envelope instead.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  LAMBDA_SIM_API_KEY,
  LAMBDA_SIM_INACTIVE_KEY,
  startLambdaSim,
  type LambdaRunningSim,
} from '../../src/sim/lambda';
import { assertValid, componentValidator, loadSpec, responseValidator } from '../helpers/openapi';

const spec = loadSpec('lambda/openapi-1.10.0.json');
let sim: LambdaRunningSim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function start(opts: Parameters<typeof startLambdaSim>[0] = {}): Promise<LambdaRunningSim> {
  sim = await startLambdaSim({ seed: 1, ...opts });
  sim.scenario.limiter.enabled = false;
  return sim;
}

const bearer = { Authorization: `Bearer ${LAMBDA_SIM_API_KEY}` };

async function get(
  s: LambdaRunningSim,
  path: string,
  headers: Record<string, string> = bearer,
): Promise<{ status: number; body: unknown; retryAfter: string | null }> {
  const res = await fetch(`${s.baseUrl}${path}`, { headers });
  return { status: res.status, body: (await res.json()) as unknown, retryAfter: res.headers.get('retry-after') };
}

describe('Lambda simulator responses match OpenAPI 1.10.0', () => {
  it('instance-types, instances, instance by id, regions (200)', async () => {
    const s = await start();
    s.scenario.setInstances(5);
    const types = await get(s, '/api/v1/instance-types');
    assertValid(responseValidator(spec, 'get', '/api/v1/instance-types', 200), types.body, 'instance-types');
    const list = await get(s, '/api/v1/instances');
    assertValid(responseValidator(spec, 'get', '/api/v1/instances', 200), list.body, 'instances');
    const id = s.scenario.instances[2]!.id;
    assertValid(
      responseValidator(spec, 'get', '/api/v1/instances/{id}', 200),
      (await get(s, `/api/v1/instances/${id}`)).body,
      'instance',
    );
    assertValid(
      responseValidator(spec, 'get', '/api/v1/regions', 200),
      (await get(s, '/api/v1/regions')).body,
      'regions',
    );
  });

  it('every demo tick still validates (capacity flips, prices move)', async () => {
    const s = await start({ demo: true });
    const validate = responseValidator(spec, 'get', '/api/v1/instance-types', 200);
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      s.tick();
      const body = (await get(s, '/api/v1/instance-types')).body as {
        data: Record<string, { regions_with_capacity_available: unknown[] }>;
      };
      assertValid(validate, body, `tick ${i}`);
      seen.add(JSON.stringify(Object.values(body.data).map((x) => x.regions_with_capacity_available.length)));
    }
    expect(seen.size).toBeGreaterThan(1);
  });

  it('errors: 401 bad/missing key, 403 inactive account, 404 unknown instance — in Lambda’s envelope', async () => {
    const s = await start();
    const noKey = await get(s, '/api/v1/instance-types', {});
    expect(noKey.status).toBe(401);
    assertValid(responseValidator(spec, 'get', '/api/v1/instance-types', 401), noKey.body, '401 no key');
    const bad = await get(s, '/api/v1/instances', { Authorization: 'Bearer secret_nope' });
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ error: { code: 'global/invalid-api-key' } });
    assertValid(responseValidator(spec, 'get', '/api/v1/instances', 401), bad.body, '401 bad key');
    const inactive = await get(s, '/api/v1/instances', { Authorization: `Bearer ${LAMBDA_SIM_INACTIVE_KEY}` });
    expect(inactive.status).toBe(403);
    assertValid(responseValidator(spec, 'get', '/api/v1/instances', 403), inactive.body, '403');
    const missing = await get(s, '/api/v1/instances/0000');
    expect(missing.status).toBe(404);
    assertValid(responseValidator(spec, 'get', '/api/v1/instances/{id}', 404), missing.body, '404');
  });

  it('accepts Basic auth the way curl -u KEY: sends it, and Basic with the raw key', async () => {
    const s = await start();
    const b64 = Buffer.from(`${LAMBDA_SIM_API_KEY}:`).toString('base64');
    expect((await get(s, '/api/v1/instances', { Authorization: `Basic ${b64}` })).status).toBe(200);
    expect((await get(s, '/api/v1/instances', { Authorization: `Basic ${LAMBDA_SIM_API_KEY}` })).status).toBe(200);
    expect(
      (await get(s, '/api/v1/instances', { Authorization: `Basic ${Buffer.from('other:').toString('base64')}` }))
        .status,
    ).toBe(401);
  });

  it('limits to about 1 request/s: a burst gets 429 in the error envelope, without Retry-After', async () => {
    const s = await start();
    s.scenario.limiter.enabled = true;
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof get>> | undefined;
    // Burst of 3, then 1/s: a quick run of requests must hit a 429 well before 10.
    for (let i = 0; i < 10 && last?.status !== 429; i++) {
      last = await get(s, '/api/v1/instance-types');
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 3)).toEqual([200, 200, 200]);
    expect(last!.status).toBe(429);
    expect(last!.retryAfter).toBeNull();
    // No 429 in the spec: the body follows the documented envelope {error: {code, message, suggestion?}}.
    const envelope = spec.ajv.compile({
      type: 'object',
      required: ['error'],
      properties: {
        error: {
          type: 'object',
          required: ['code', 'message'],
          properties: { code: { type: 'string' }, message: { type: 'string' }, suggestion: { type: 'string' } },
        },
      },
    });
    assertValid(envelope, last!.body, '429');
    // Region objects are the spec's Region component.
    s.scenario.limiter.enabled = false;
    const regions = (await get(s, '/api/v1/regions')).body as { data: unknown[] };
    for (const region of regions.data) assertValid(componentValidator(spec, 'Region'), region, 'region');
  });

  it('scenario h100-appears: H100 SXM sold out for three polls, then in us-south-2', async () => {
    const s = await start({ scenario: 'h100-appears' });
    const regions = async () =>
      (
        (await get(s, '/api/v1/instance-types')).body as {
          data: Record<string, { regions_with_capacity_available: { name: string }[] }>;
        }
      ).data.gpu_8x_h100_sxm5!.regions_with_capacity_available.map((r) => r.name);
    expect([await regions(), await regions(), await regions()]).toEqual([[], [], []]);
    expect(await regions()).toEqual(['us-south-2']);
  });
});
