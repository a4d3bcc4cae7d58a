/**
 * One-shot commands as a user runs them: `node bin/cloudtop.js <command>` against `cloudtop sim`,
 * asserting what the terminal shows and the exit code (0 ok, 1 every requested provider failed,
 * 2 usage or config error).
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

describe('cloudtop sim', () => {
  it('prints an export line per simulator base URL and credential, then keeps running', () => {
    for (const id of ['VASTAI', 'LAMBDA', 'RUNPOD', 'OCI', 'CLOUDFLARE', 'NEON'])
      expect(sim.env[`CLOUDTOP_${id}_BASE_URL`]).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
    expect(sim.env.CLOUDTOP_OCI_PRIVATE_KEY).toContain('-----BEGIN PRIVATE KEY-----\n');
    expect(sim.output).toContain('# Official Vast CLI: VAST_URL=');
    expect(sim.process.child.exitCode).toBeNull();
  });
});

describe('status and providers', () => {
  it('status: one row per provider, all ok, exit 0', async () => {
    const r = await runCli(['status'], env);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^PROVIDER\s+ACCOUNT\s+STATE\s+OFFERS\s+RESOURCES/);
    for (const name of ['Vast.ai', 'RunPod', 'Lambda', 'Oracle Cloud', 'Cloudflare', 'Neon'])
      expect(rows.find((l) => l.startsWith(name))).toMatch(/\bok\b/);
  });

  it('status -o json: the documented document with every provider ok', async () => {
    const r = await runCli(['status', '-o', 'json'], env);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { schemaVersion: number; providers: { provider: string; state: string }[] };
    expect(doc.schemaVersion).toBe(1);
    expect(doc.providers.map((p) => p.provider).sort()).toEqual(
      [
        'aws',
        'azure',
        'cloudflare',
        'digitalocean',
        'gcp',
        'hetzner',
        'lambda',
        'linode',
        'neon',
        'oci',
        'runpod',
        'vastai',
      ].sort(),
    );
    expect(doc.providers.every((p) => p.state === 'ok')).toBe(true);
  });

  it('status -p lambda with a rejected key: the error row and exit 1', async () => {
    const r = await runCli(['status', '-p', 'lambda'], { ...env, CLOUDTOP_LAMBDA_API_KEY: 'wrong-key' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Lambda\s+default\s+error/);
    expect(r.stdout).not.toContain('wrong-key');
  });

  it('providers: every provider, configured from the environment', async () => {
    const r = await runCli(['providers'], env);
    expect(r.code).toBe(0);
    for (const id of ['vastai', 'lambda', 'runpod', 'oci', 'cloudflare', 'neon'])
      expect(r.stdout).toMatch(new RegExp(`^${id}\\s.*yes \\(env\\)`, 'm'));
  });
});

describe('offers', () => {
  it('table: cheapest first, --limit footer, filters applied', async () => {
    const r = await runCli(['offers', '--gpu', 'H100', '--max-price', '3', '--limit', '5'], env);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^GPU\s+N\s+VRAM\s+\$\/GPU-H\s+\$\/H\s+PROVIDER\s+REGION\s+AVAIL\s+BILLING\s+REL$/);
    const rows = lines.slice(1, 6);
    expect(rows).toHaveLength(5);
    const prices = rows.map((l) => Number(/\$(\d+\.\d+)/.exec(l)![1]));
    expect(prices).toEqual([...prices].sort((a, b) => a - b));
    for (const l of rows) expect(l).toMatch(/^H100-/);
    expect(Math.max(...prices)).toBeLessThanOrEqual(3);
    expect(r.stdout).toMatch(/Shown 5 of \d+ offers \(--limit to see more\)/);
  });

  it('wide: the extra columns', async () => {
    const r = await runCli(['offers', '-o', 'wide', '--limit', '2', '-p', 'vastai'], env);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/REL\s+RAW NAME\s+VCPU\s+RAM\s+DISK\s+AGE\s+ID/);
  });

  it("BILLING names the cloud tier, so RunPod's secure and community offers are not two identical rows", async () => {
    const r = await runCli(['offers', '-p', 'runpod', '--limit', '500'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ · secure/);
    expect(r.stdout).toMatch(/ · community/);
    const rows = r.stdout.trim().split('\n').slice(1, -1);
    expect(new Set(rows).size).toBe(rows.length);
    // Where every offer is a data-centre one, the tier is not said on each row.
    const aws = await runCli(['offers', '-p', 'aws', '--limit', '500'], env);
    expect(aws.stdout).toMatch(/ spot /);
    expect(aws.stdout).not.toMatch(/ · secure/);
  });

  it('json: offers matching --min-count/--max-count/--min-vram, one provider', async () => {
    const r = await runCli(
      ['offers', '-o', 'json', '-p', 'vastai', '--min-count', '2', '--max-count', '4', '--min-vram', '40'],
      env,
    );
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as {
      offers: { provider: string; gpu: { count: number; vramGb: number } }[];
      providers: { provider: string }[];
    };
    expect(doc.offers.length).toBeGreaterThan(0);
    for (const o of doc.offers) {
      expect(o.provider).toBe('vastai');
      expect(o.gpu.count).toBeGreaterThanOrEqual(2);
      expect(o.gpu.count).toBeLessThanOrEqual(4);
      expect(o.gpu.vramGb).toBeGreaterThanOrEqual(40);
    }
    expect(doc.providers.map((p) => p.provider)).toEqual(['vastai']);
  });

  it('--group: one line per GPU model', async () => {
    const r = await runCli(['offers', '--group'], env);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^GPU\s+CHEAPEST \$\/GPU-H\s+WHERE\s+OFFERS\s+AVAILABLE/);
    const models = r.stdout
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(/\s+/)[0]);
    expect(new Set(models).size).toBe(models.length);
    expect(models).toContain('H100-SXM');
  });

  it('no match: says so, exit 0', async () => {
    const r = await runCli(['offers', '--gpu', 'H100', '--max-price', '0.01'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No offers match.');
    // H100 is a GPU cloudtop knows: no hint about its name.
    expect(r.stdout + r.stderr).not.toContain('not a GPU cloudtop knows');
    // What the price cap ruled out, and the cheapest of it.
    expect(r.stdout).toMatch(
      /No offers match\.\nWithout --max-price 0\.01: \d+ offers, the cheapest \d+× H100-\w+ \$[\d.]+\/GPU·h on [\w.]+ \(.+\)\.\n/,
    );
  });

  it('no match for a GPU name nothing has (a typo): says which name, and the nearest known ones', async () => {
    const r = await runCli(['offers', '--gpu', 'H1OO'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'No offers match.\n! --gpu H1OO: not a GPU cloudtop knows; it matches only offers of a GPU named exactly that. Did you mean H100?\n',
    );
    // -o json: the document stays clean, the hint goes to stderr.
    const json = await runCli(['offers', '--gpu', 'H1OO', '-o', 'json'], env);
    expect(JSON.parse(json.stdout)).toMatchObject({ offers: [] });
    expect(json.stderr).toContain('! --gpu H1OO: not a GPU cloudtop knows');
  });
});

describe('resources', () => {
  it('lists instances, workers, buckets and databases with metrics', async () => {
    const r = await runCli(['resources'], env);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toMatch(/^PROVIDER\s+KIND\s+NAME\s+REGION\s+STATE\s+METRICS/);
    for (const kind of ['gpu-instance', 'worker', 'bucket', 'project', 'branch'])
      expect(r.stdout).toMatch(new RegExp(`\\s${kind}\\s`));
  });

  it('--kind bucket -o json: only buckets', async () => {
    const r = await runCli(['resources', '--kind', 'bucket', '-o', 'json'], env);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { resources: { kind: string; provider: string }[] };
    expect(doc.resources.length).toBeGreaterThan(0);
    expect(doc.resources.every((x) => x.kind === 'bucket')).toBe(true);
  });
});

describe('exit code 2: usage errors say what is wrong', () => {
  const cases: Array<[string, string[], RegExp]> = [
    ['unknown command', ['frobnicate'], /unknown command 'frobnicate'/],
    ['unknown provider', ['status', '-p', 'ibmcloud'], /--provider: unknown provider "ibmcloud"/],
    ['empty provider', ['offers', '-p', ''], /--provider: empty value/],
    ['min > max count', ['offers', '--min-count', '5', '--max-count', '2'], /--min-count 5 is more than --max-count 2/],
    ['hex price', ['offers', '--max-price', '0x10'], /--max-price: "0x10" is not a decimal number/],
    ['exponent count', ['offers', '--min-count', '1e9'], /--min-count: "1e9" is not a whole number/],
    [
      'huge count',
      ['offers', '--min-count', '1000000000'],
      /--min-count: "1000000000" is not a whole number ≥ 1 and ≤ 1024/,
    ],
    ['hex limit', ['offers', '--limit', '0x10'], /--limit: "0x10" is not a whole number/],
    ['empty gpu', ['offers', '--gpu', ''], /--gpu: empty value/],
    ['bad output', ['status', '-o', 'yaml'], /--output must be one of table, wide, json/],
    ['watch interval too short', ['offers', '-w', '10ms'], /--watch: the interval must be at least 1s/],
    ['watch interval too long', ['offers', '-w', '9999h'], /--watch: the interval must be at most 24h/],
    ['bad timeout', ['offers', '--timeout', 'soon'], /--timeout: "soon" is not a duration/],
    [
      '-w on a command it does not refresh',
      ['history', '--gpu', 'H100', '-w'],
      /-w\/--watch refreshes status, offers and resources \(and gives watch its poll interval\); `cloudtop history` does not take it/,
    ],
    ['-w on a subcommand', ['notify', 'list', '-w', '5s'], /`cloudtop notify list` does not take it/],
    [
      'watch given two intervals',
      ['watch', '--gpu', 'H100', '-w', '5s', '--interval', '10s'],
      /watch: give the poll interval once, with --interval or with -w/,
    ],
    ['missing --config file', ['status', '-c', '/nonexistent/cloudtop.json'], /Config file not found/],
  ];
  it.each(cases)('%s', async (_name, args, message) => {
    const r = await runCli(args, env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toContain('unexpected error');
    expect(r.stdout).toBe('');
  });

  it('--help and --version exit 0', async () => {
    const help = await runCli(['--help'], env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: cloudtop');
    const v = await runCli(['--version'], env);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});
