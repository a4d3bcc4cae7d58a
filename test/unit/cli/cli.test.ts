import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulators, type SimFleet } from '../../../src/sim/launch';
import { MemorySecretStore } from '../../../src/core/secrets/memory-store';
import { runCliTest } from './harness';

let fleet: SimFleet | undefined;
afterEach(async () => {
  await fleet?.close();
  fleet = undefined;
});

/** Built at run time so the repository's secret scan never sees a literal. */
const planted = () => `rpa_PLANTED${randomBytes(16).toString('hex').toUpperCase()}`;

describe('cloudtop CLI', () => {
  it('--version and --help exit 0', async () => {
    expect((await runCliTest(['--version'])).stdout.trim()).toBe('0.0.0-test');
    const help = await runCliTest(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/offers/);
  });

  it('usage errors exit 2 with a message naming the flag', async () => {
    const bad = await runCliTest(['status', '--output', 'xml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--output must be one of table, wide, json/);
    const prov = await runCliTest(['offers', '--provider', 'nosuch']);
    expect(prov.code).toBe(2);
    expect(prov.stderr).toMatch(/unknown provider "nosuch"/);
    const num = await runCliTest(['offers', '--min-count', 'two']);
    expect(num.code).toBe(2);
    expect(num.stderr).toMatch(/--min-count/);
    const unknown = await runCliTest(['frobnicate']);
    expect(unknown.code).toBe(2);
  });

  it('status with nothing configured explains what to do and exits 0', async () => {
    const r = await runCliTest(['status']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/No providers configured/);
  });

  it('status exits 1 when every requested provider fails, and names the error', async () => {
    fleet = await startSimulators({ providers: ['runpod', 'lambda'] });
    // 403 is not retried, so the test does not wait out backoff; both providers fail for good.
    for (const s of fleet.sims) s.http.control.outage = { status: 403, body: { error: 'forbidden' } };
    const env = {
      ...fleet.env,
      CLOUDTOP_RUNPOD_API_KEY: fleet.credentials.runpod!.apiKey!,
      CLOUDTOP_LAMBDA_API_KEY: fleet.credentials.lambda!.apiKey!,
    };
    const r = await runCliTest(['status', '--output', 'json'], { env });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { providers: { provider: string; state: string; error?: { code: string } }[] };
    const states = doc.providers.filter((p) => p.provider === 'runpod' || p.provider === 'lambda');
    expect(states.map((p) => p.state)).toEqual(['error', 'error']);
    expect(states.every((p) => p.error?.code === 'forbidden')).toBe(true);
  }, 60_000);

  it('offers JSON carries the documented fields', async () => {
    fleet = await startSimulators({ providers: ['vastai', 'lambda'] });
    const env = { ...fleet.env, CLOUDTOP_LAMBDA_API_KEY: fleet.credentials.lambda!.apiKey! };
    const r = await runCliTest(['offers', '--provider', 'vastai,lambda', '--include-unavailable', '-o', 'json'], {
      env,
    });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { takenAt: string; providers: unknown[]; offers: Record<string, unknown>[] };
    expect(Date.parse(doc.takenAt)).toBeGreaterThan(0);
    expect(doc.offers.length).toBeGreaterThan(10);
    const providers = new Set(doc.offers.map((o) => o.provider));
    expect(providers).toEqual(new Set(['vastai', 'lambda']));
    for (const o of doc.offers) {
      const x = o as {
        id: string;
        gpu: { model: string; rawName: string; count: number; vramGb?: number };
        price: { perHour: number; perGpuHour: number; billing: string };
        availability: { state: string };
        region: { id: string };
        fetchedAt: string;
      };
      expect(x.id).toMatch(/^(vastai|lambda):/);
      expect(x.gpu.model).toBeTruthy();
      expect(typeof x.gpu.rawName).toBe('string');
      expect(x.gpu.count).toBeGreaterThan(0);
      expect(x.price.perGpuHour).toBeCloseTo(x.price.perHour / x.gpu.count, 4);
      expect(['on-demand', 'interruptible', 'spot', 'reserved']).toContain(x.price.billing);
      expect(['available', 'low', 'none', 'unknown']).toContain(x.availability.state);
      expect(x.region.id).toBeTruthy();
      expect(Date.parse(x.fetchedAt)).toBeGreaterThan(0);
    }
    // Lambda's sold-out types stay listed with availability none.
    expect(
      doc.offers.some((o) => o.provider === 'lambda' && (o.availability as { state: string }).state === 'none'),
    ).toBe(true);
  }, 60_000);

  it('a planted secret appears in no output, error or log line', async () => {
    fleet = await startSimulators({ providers: ['runpod'] });
    const secret = planted();
    // The simulator rejects the key: the error path is where secrets tend to leak.
    const env = { ...fleet.env, CLOUDTOP_RUNPOD_API_KEY: secret };
    for (const argv of [
      ['status', '-o', 'json'],
      ['status', '-o', 'wide'],
      ['offers', '-p', 'runpod', '-o', 'json'],
      ['auth', 'list', '-o', 'json'],
      ['providers', '-o', 'wide'],
    ]) {
      const r = await runCliTest(argv, { env });
      for (const text of [r.stdout, r.stderr, r.log]) {
        expect(text).not.toContain(secret);
        expect(text).not.toContain(Buffer.from(secret).toString('base64'));
      }
    }
    const r = await runCliTest(['status', '-o', 'json'], { env });
    expect(r.stdout).toMatch(/RunPod rejected the API key/);
  }, 60_000);

  it('auth set reads the key from stdin, stores it, and auth list shows only a hint', async () => {
    const secrets = new MemorySecretStore();
    const secret = planted();
    const set = await runCliTest(['auth', 'set', 'runpod', '--no-test'], { stdin: `${secret}\n`, secrets });
    expect(set.code).toBe(0);
    expect(await secrets.get({ provider: 'runpod', profile: 'default', field: 'apiKey' })).toBe(secret);
    const list = await runCliTest(['auth', 'list', 'runpod'], { secrets });
    expect(list.stdout).toContain(`…${secret.slice(-4)}`);
    expect(list.stdout).not.toContain(secret);
    expect(set.stdout + set.stderr).not.toContain(secret);
    const del = await runCliTest(['auth', 'delete', 'runpod'], { secrets });
    expect(del.code).toBe(0);
    expect(await secrets.get({ provider: 'runpod', profile: 'default', field: 'apiKey' })).toBeUndefined();
  });

  it('auth set refuses a key the provider rejects unless --no-test', async () => {
    fleet = await startSimulators({ providers: ['runpod'] });
    const secrets = new MemorySecretStore();
    const r = await runCliTest(['auth', 'set', 'runpod'], { stdin: planted(), secrets, env: fleet.env });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/Not saved/);
    expect(await secrets.list()).toHaveLength(0);
  });
});
