/**
 * The built CLI as a user runs it (`node bin/cloudtop.js …`, the bundle from scripts/build-cli.mjs)
 * against the DigitalOcean, Linode and Hetzner simulators: resources with metrics, GPU offers
 * with prices and availability, and the providers list. Throwaway XDG folders; credentials and
 * base URLs only through the environment, as documented.
 */
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulators, type SimFleet } from '../../src/sim/launch';
import { secretEnvName } from '../../src/core/secrets/types';
import type { ProviderId } from '../../src/shared/model';
import { useTmpDirs } from '../helpers/tmp-dirs';

const PROVIDERS: ProviderId[] = ['digitalocean', 'linode', 'hetzner'];
/** Hetzner has no GPU offers (see its descriptor note). */
const OFFER_PROVIDERS: ProviderId[] = ['digitalocean', 'linode'];
const tmp = useTmpDirs('cloudtop-small-clouds-');
let fleet: SimFleet;

beforeAll(async () => {
  fleet = await startSimulators({ providers: PROVIDERS, seed: 3 });
});
afterAll(async () => {
  await fleet?.close();
});

function env(): Record<string, string> {
  const home = tmp();
  const out: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    XDG_CONFIG_HOME: `${home}/config`,
    XDG_DATA_HOME: `${home}/data`,
    XDG_CACHE_HOME: `${home}/cache`,
    NO_COLOR: '1',
    ...fleet.env,
  };
  for (const [provider, creds] of Object.entries(fleet.credentials))
    for (const [field, value] of Object.entries(creds!))
      out[secretEnvName({ provider: provider as ProviderId, profile: 'default', field })] = value;
  return out;
}

function run(
  args: string[],
  extraEnv: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/cloudtop.js', ...args], {
      env: { ...env(), ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

interface JsonResource {
  id: string;
  provider: string;
  kind: string;
  state: string;
  metrics: { name: string; unit: string; points: [number, number][] }[];
}
interface JsonOffer {
  provider: string;
  gpu: { family: string; count: number };
  price: { perHour: number };
  availability: { state: string };
  region: { id: string };
}

describe('cloudtop CLI against the small-cloud simulators (process)', () => {
  it(`resources --provider ${PROVIDERS.join(',')} -o json: instances with metrics`, async () => {
    const r = await run(['resources', '--provider', PROVIDERS.join(','), '-o', 'json']);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { resources: JsonResource[] };
    for (const p of PROVIDERS) {
      const mine = doc.resources.filter((x) => x.provider === p);
      expect(mine.length, p).toBeGreaterThan(0);
      const running = mine.filter((x) => x.state === 'running');
      expect(running.length, p).toBeGreaterThan(0);
      for (const x of running) {
        const cpu = x.metrics.find((m) => m.name === 'cpu_utilization');
        expect(cpu?.points.length, `${x.id} cpu`).toBeGreaterThan(0);
        expect(
          x.metrics.some((m) => m.name === 'network_in' && m.unit === 'bytes/s'),
          `${x.id} network`,
        ).toBe(true);
      }
    }
  }, 60_000);

  it(`offers --provider ${OFFER_PROVIDERS.join(',')} -o json: GPU offers with prices and honest availability`, async () => {
    // With --no-listed the CLI lists only what can be rented now (by default `listed` catalogue entries show too).
    const r = await run(['offers', '--provider', OFFER_PROVIDERS.join(','), '--no-listed', '-o', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { offers: JsonOffer[] };
    for (const p of OFFER_PROVIDERS) {
      const mine = doc.offers.filter((o) => o.provider === p);
      expect(mine.length, p).toBeGreaterThan(0);
      for (const o of mine) {
        expect(o.price.perHour).toBeGreaterThan(0);
        expect(o.availability.state).toBe('available');
      }
    }
    expect(doc.offers.some((o) => o.provider === 'digitalocean' && o.gpu.family === 'H100')).toBe(true);

    // With --include-unavailable: catalogue entries without a capacity signal are `listed`, sold-out ones `none`.
    const all = JSON.parse(
      (await run(['offers', '--provider', OFFER_PROVIDERS.join(','), '--include-unavailable', '-o', 'json'])).stdout,
    ) as { offers: JsonOffer[] };
    const states = new Set(all.offers.filter((o) => o.provider === 'linode').map((o) => o.availability.state));
    expect([...states].sort()).toEqual(['available', 'listed', 'none']);
  }, 60_000);

  it('providers -o json lists each with its token field, configured from CLOUDTOP_<ID>_TOKEN', async () => {
    const r = await run(['providers', '-o', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      providers: {
        id: string;
        capabilities: { offers: boolean; resources: boolean; metrics: boolean };
        note?: string;
        credentialFields: { name: string; secret: boolean }[];
        credentials: { configured: boolean; fields: { name: string; source: string }[] };
      }[];
    };
    for (const p of PROVIDERS) {
      const entry = doc.providers.find((x) => x.id === p)!;
      expect(entry, p).toBeDefined();
      expect(entry.capabilities).toMatchObject({ resources: true, metrics: true, offers: OFFER_PROVIDERS.includes(p) });
      expect(entry.credentialFields).toEqual([expect.objectContaining({ name: 'token', secret: true })]);
      expect(entry.credentials).toMatchObject({ configured: true, fields: [{ name: 'token', source: 'env' }] });
    }
    expect(doc.providers.find((x) => x.id === 'hetzner')).toMatchObject({ note: expect.stringMatching(/no stock/) });
    // The token itself is never printed.
    for (const creds of Object.values(fleet.credentials)) expect(r.stdout).not.toContain(creds!.token);
  }, 60_000);

  it('providers (table) prints the Hetzner note under the table', async () => {
    const r = await run(['providers']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^hetzner\s+Hetzner Cloud\s+cloud\s+resources,metrics\s+yes \(env\)/m);
    expect(r.stdout).toContain('Note — Hetzner Cloud: No GPU offers');
  }, 60_000);

  it('a rejected token: exit 1, a message saying what to do, and the token nowhere in the output', async () => {
    const planted = 'dop_v1_PLANTED0123456789abcdef0123456789abcdef0123456789abcdef0123';
    const r = await run(['resources', '--provider', 'digitalocean', '-o', 'json'], {
      CLOUDTOP_DIGITALOCEAN_TOKEN: planted,
    });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('DigitalOcean rejected the API token');
    expect(r.stdout + r.stderr).not.toContain(planted);
    expect(r.stdout + r.stderr).not.toContain(planted.slice(10, 40));
  }, 60_000);
});
