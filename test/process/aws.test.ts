/**
 * The built CLI as a user runs it against `cloudtop sim` (the acceptance for AWS):
 * `cloudtop resources --provider aws -o json` lists EC2 instances with CloudWatch metrics, and
 * `cloudtop offers --provider aws` lists GPU offers with prices and honest availability (list
 * prices `listed`, spot by placement score, Capacity Blocks `available`) and the vCPU quota.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedEnv, runCli, startSim, type Sim } from './cli-process';

let sim: Sim;
let env: Record<string, string>;
beforeAll(async () => {
  sim = await startSim();
  env = isolatedEnv(sim.env);
});
afterAll(async () => {
  await sim?.close();
});

interface JsonResource {
  id: string;
  provider: string;
  kind: string;
  state: string;
  meta: Record<string, unknown>;
  metrics: { name: string; unit: string; points: [number, number][] }[];
}
interface JsonOffer {
  id: string;
  provider: string;
  instanceType: string;
  gpu: { model: string; count: number };
  price: { perHour: number; perGpuHour: number; billing: string };
  availability: { state: string; detail?: string };
  quota?: { limit: number; used: number; name?: string; reason?: string };
}

describe('cloudtop CLI against the AWS simulator (process)', () => {
  it('cloudtop sim exports the AWS base URL and an access key', () => {
    expect(sim.env.CLOUDTOP_AWS_BASE_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sim.env.CLOUDTOP_AWS_ACCESS_KEY_ID).toMatch(/^AKIA/);
    expect(sim.env.CLOUDTOP_AWS_SECRET_ACCESS_KEY).toHaveLength(40);
  });

  it('resources --provider aws -o json: EC2 instances across regions with GPU facts and CloudWatch metrics', async () => {
    const r = await runCli(['resources', '--provider', 'aws', '-o', 'json'], env);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { providers: { provider: string; state: string }[]; resources: JsonResource[] };
    expect(doc.providers.find((p) => p.provider === 'aws')?.state).toBe('ok');
    const mine = doc.resources.filter((x) => x.provider === 'aws');
    expect(new Set(mine.map((x) => x.meta.region))).toEqual(new Set(['us-east-1', 'us-west-2', 'eu-west-1']));
    expect(mine.find((x) => x.meta.instanceType === 'p5.48xlarge')).toMatchObject({
      kind: 'gpu-instance',
      meta: { gpus: 8, gpu: 'H100' },
    });
    const running = mine.filter((x) => x.state === 'running');
    expect(running.length).toBeGreaterThan(0);
    for (const x of running) {
      const cpu = x.metrics.find((m) => m.name === 'cpu_utilization');
      expect(cpu?.points.length, `${x.id} cpu`).toBeGreaterThan(0);
      expect(
        x.metrics.some((m) => m.name === 'network_in' && m.unit === 'bytes/s' && m.points.length > 0),
        x.id,
      ).toBe(true);
    }
    expect(r.stdout).not.toContain(sim.env.CLOUDTOP_AWS_SECRET_ACCESS_KEY);
  });

  it('offers --provider aws: GPU offers with prices, honest availability and the vCPU quota', async () => {
    const r = await runCli(['offers', '--provider', 'aws', '--include-unavailable', '-o', 'json'], env);
    expect(r.code).toBe(0);
    const offers = (JSON.parse(r.stdout) as { offers: JsonOffer[] }).offers.filter((o) => o.provider === 'aws');
    expect(offers.length).toBeGreaterThan(20);
    for (const o of offers) {
      expect(o.price.perHour, o.id).toBeGreaterThan(0);
      expect(o.price.perGpuHour * o.gpu.count).toBeCloseTo(o.price.perHour, 2);
    }
    const onDemand = offers.filter((o) => o.price.billing === 'on-demand');
    expect(onDemand.length).toBeGreaterThan(0);
    expect(new Set(onDemand.map((o) => o.availability.state))).toEqual(new Set(['listed']));
    const spot = offers.filter((o) => o.price.billing === 'spot');
    for (const o of spot) expect(o.availability.detail, o.id).toMatch(/^Spot placement score \d+\/10/);
    expect(new Set(spot.map((o) => o.availability.state)).size).toBeGreaterThan(1);
    expect(offers.some((o) => o.price.billing === 'reserved' && o.availability.state === 'available')).toBe(true);
    expect(offers.find((o) => o.id === 'aws:p5.48xlarge:us-east-2b:on-demand')?.quota?.reason).toMatch(
      /L-417A185B in us-east-2 is 0/,
    );

    // The table a user reads: the quota column and the availability words.
    const table = await runCli(['offers', '--provider', 'aws', '--gpu', 'H100'], env);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^GPU\s+N\s+VRAM/m);
    expect(table.stdout).toMatch(/H100-SXM\s+8\s+80G/);
    expect(table.stdout).toMatch(/vCPUs/);
  });
});
