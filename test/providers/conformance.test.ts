/**
 * Cross-provider conformance (issue #13, after gpuhunt's test_providers.py): one file that loops over
 * the registry and each provider's simulator and checks the same invariants for all. A new provider
 * inherits every check by being registered and having a simulator. Each provider runs in a
 * ProviderRuntime (what every face reads), with the production HttpClient and a short retry backoff.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProviderRuntime } from '../../src/core/collector/provider-runner';
import { providerRegistry } from '../../src/core/providers/registry';
import { simulators } from '../../src/sim';
import type { AnyProviderDescriptor } from '../../src/core/providers/types';
import { startSimulators, type SimFleet } from '../../src/sim/launch';
import { GpuOfferSchema, MetricSeriesSchema, ResourceSchema, type ProviderId } from '../../src/shared/model';
import { capturingLogger } from '../unit/core/collector/helpers';

let fleet: SimFleet;
beforeAll(async () => {
  fleet = await startSimulators({ seed: 7 });
});
afterAll(() => fleet.close());

const simOf = (id: ProviderId) => {
  const s = fleet.sims.find((x) => x.id === id);
  if (!s) throw new Error(`no simulator for ${id}`);
  return s;
};

function runtime(d: AnyProviderDescriptor, log = capturingLogger()) {
  const sim = simOf(d.id);
  const rt = new ProviderRuntime({
    descriptor: d,
    account: 'default',
    baseUrl: sim.baseUrl,
    credentials: sim.credentials,
    log,
    retry: { baseMs: 10, capMs: 50 },
  });
  return { rt, sim, log };
}

/**
 * The secret credential values the simulator accepts (what must never appear anywhere). A secret
 * that is a JSON document (a Google service-account key) also contributes its long string values:
 * a leaked `private_key` alone must be caught, not only the whole file.
 */
function secretsOf(d: AnyProviderDescriptor): string[] {
  const creds = simOf(d.id).credentials;
  const whole = d.credentialFields
    .filter((f) => f.secret && (creds[f.name] ?? '').length >= 8)
    .map((f) => creds[f.name]!);
  const inner = whole.flatMap((v) => {
    try {
      const o: unknown = JSON.parse(v);
      if (!o || typeof o !== 'object') return [];
      return Object.values(o).filter(
        (x): x is string => typeof x === 'string' && x.length >= 24 && !/^https?:/.test(x),
      );
    } catch {
      return [];
    }
  });
  return [...whole, ...inner];
}

// What the suite needs from every provider is checked, not assumed: a provider without a simulator,
// or whose simulator plants no secret to look for, fails here instead of passing vacuously below.
describe('every registered provider is covered', () => {
  it('registry and simulators pair one to one', () => {
    const registered = providerRegistry.map((d) => d.id).sort();
    expect(simulators.map((s) => s.id).sort()).toEqual(registered);
    expect(fleet.sims.map((s) => s.id).sort()).toEqual(registered);
    expect(new Set(registered).size).toBe(registered.length);
  });

  it.each(providerRegistry.map((d) => [d.id, d] as const))(
    '%s: its simulator accepts credentials the descriptor accepts, with a secret to look for',
    (_id, d) => {
      const creds = simOf(d.id).credentials;
      expect(d.credentialSchema.safeParse(creds).success).toBe(true);
      if (d.credentialFields.some((f) => f.secret)) expect(secretsOf(d).length).toBeGreaterThan(0);
    },
  );

  it.each(providerRegistry.map((d) => [d.id, d] as const))(
    '%s: declares the kit policies (body cap; options schema accepts no options; pure discover)',
    (_id, d) => {
      expect(d.response?.maxBytes).toBeGreaterThan(0);
      if (d.optionsSchema) expect(d.optionsSchema.safeParse({}).success).toBe(true);
      if (d.discover) expect(d.discover({})).toEqual([]);
      expect(d.capabilities.offers || d.capabilities.resources).toBe(true);
    },
  );
});

describe.each(providerRegistry.map((d) => [d.id, d] as const))('%s conforms', (id, d) => {
  it('reads offers and resources that pass the schema, carry the provider, and price consistently', async () => {
    const { rt, sim } = runtime(d);
    sim.http.control.reset();
    const r = await rt.refresh();
    expect(r.error).toBeUndefined();
    if (d.capabilities.offers) expect(r.offers.length).toBeGreaterThan(0);
    if (d.capabilities.resources) expect(r.resources.length).toBeGreaterThan(0);
    for (const o of r.offers) {
      expect(() => GpuOfferSchema.parse(o)).not.toThrow();
      expect(o.provider).toBe(id);
      expect(o.id.startsWith(`${id}:`), o.id).toBe(true);
      // $/GPU-h × GPU count ≈ $/h (1 % or a tenth of a cent, for rounding in the provider's own data).
      const expected = o.price.perGpuHour * o.gpu.count;
      expect(Math.abs(o.price.perHour - expected), o.id).toBeLessThanOrEqual(Math.max(0.001, expected * 0.01));
    }
    for (const res of r.resources) {
      expect(() => ResourceSchema.parse(res)).not.toThrow();
      expect(res.provider).toBe(id);
      expect(res.id.startsWith(`${id}:`), res.id).toBe(true);
    }
    rt.dispose();
  });

  it('metrics (when the provider has them) are well-formed series for its own resources', async () => {
    if (!d.capabilities.metrics) return;
    const { rt, sim } = runtime(d);
    sim.http.control.reset();
    try {
      expect((await rt.refresh()).error).toBeUndefined();
      const m = await rt.refreshMetrics();
      expect(m.error).toBeUndefined();
      const series = m.resources.flatMap((r) => r.metrics);
      expect(series.length, 'no resource got a metric series').toBeGreaterThan(0);
      for (const x of series) {
        expect(() => MetricSeriesSchema.parse(x)).not.toThrow();
        for (const [t, v] of x.points) {
          expect(Number.isFinite(t) && Number.isFinite(v), x.name).toBe(true);
          if (x.unit === 'percent') expect(v, x.name).toBeLessThanOrEqual(100);
          expect(v, x.name).toBeGreaterThanOrEqual(0);
        }
        const ts = x.points.map((p) => p[0]);
        expect(ts, `${x.name} in time order`).toEqual([...ts].sort((a, b) => a - b));
      }
    } finally {
      rt.dispose();
    }
  });

  it('a 401 is `auth` with the `cloudtop auth set` hint, and the credential is nowhere', async () => {
    const { rt, sim } = runtime(d);
    const secrets = secretsOf(d);
    // A hostile or careless server that repeats the credential in its error body.
    sim.http.control.outage = { status: 401, body: { message: `invalid credential ${secrets.join(' ')}` } };
    try {
      let err: { code?: string; hint?: string; message?: string } | undefined;
      try {
        await rt.testConnection();
      } catch (e) {
        err = e as typeof err;
      }
      expect(err?.code).toBe('auth');
      expect(err?.hint).toContain(`cloudtop auth set ${id}`);
      await rt.refresh();
      const seen = JSON.stringify([err?.message, err?.hint, rt.status(), rt.currentOffers(), rt.currentResources()]);
      for (const s of secrets) expect(seen).not.toContain(s);
    } finally {
      sim.http.control.reset();
      rt.dispose();
    }
  });

  it('a malformed body is `bad_response` and no other provider is affected', async () => {
    const all = providerRegistry.map((x) => runtime(x));
    const mine = all.find((x) => x.rt.descriptor.id === id)!;
    mine.sim.http.control.outage = { status: 200, body: '{"truncated": [1, 2' };
    try {
      const results = await Promise.all(all.map((x) => x.rt.refresh()));
      for (const [i, r] of results.entries()) {
        const other = all[i]!.rt.descriptor.id;
        if (other === id) expect(r.error?.code, other).toBe('bad_response');
        else expect(r.error, other).toBeUndefined();
      }
    } finally {
      mine.sim.http.control.reset();
      for (const x of all) x.rt.dispose();
    }
  });

  it('a 429 with Retry-After is honoured: retried no sooner than asked, or reported with the wait', async () => {
    const { rt, sim, log } = runtime(d);
    sim.http.control.failNext({ status: 429, headers: { 'retry-after': '1' }, body: { message: 'slow down' } }, 1);
    try {
      const r = await rt.refresh();
      const retries = log.lines.filter((l) => l.obj.code === 'rate_limited' && typeof l.obj.delayMs === 'number');
      if (r.error) {
        // Providers that block longer than asked after a 429 (Cloudflare: 5 min) report it instead.
        expect(r.error.code).toBe('rate_limited');
        expect(rt.status().rateLimit?.blockedUntil).toBeDefined();
      } else {
        expect(retries.length).toBeGreaterThan(0);
        for (const l of retries) expect(l.obj.delayMs as number).toBeGreaterThanOrEqual(1000);
      }
    } finally {
      sim.http.control.reset();
      rt.dispose();
    }
  });
});
