/**
 * Hostile input and faults, as a user meets them (issue #11, section 3): each case once ended in a
 * stack trace, "unexpected error … Please report it", a hang or a minute of silence.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CliProcess, isolatedEnv, runCli, startSim, type Sim } from './cli-process';

let sim: Sim;
let env: Record<string, string>;
beforeAll(async () => {
  // Lambda's simulator accepts connections and never answers.
  sim = await startSim(['--no-demo', '--hang', 'lambda']);
  env = isolatedEnv(sim.env);
});
afterAll(async () => {
  await sim?.close();
});

const tmpDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'cloudtop-proc-fault-'));

/** Exit 2, one clear line on stderr, no "unexpected error", nothing on stdout. */
function expectUsage(r: { code: number | null; stdout: string; stderr: string }, message: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/unexpected error|Please report it|RangeError|\n\s+at /);
  expect(r.stdout).toBe('');
}

describe('serve start-up errors', () => {
  it('--host that does not resolve: exit 2 naming the host', async () => {
    // A non-loopback host needs a fixed token first (container use); with one, the name is resolved.
    const r = await runCli(['serve', '--host', 'evil.invalid'], { ...env, CLOUDTOP_SERVE_TOKEN: 't'.repeat(32) });
    expectUsage(r, /Cannot serve on evil\.invalid: the host name "evil\.invalid" does not resolve/);
  });

  it('a port in use: exit 2 naming the port', async () => {
    const busy = net.createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as net.AddressInfo).port;
    try {
      const r = await runCli(['serve', '--port', String(port)], env);
      expectUsage(r, new RegExp(`Cannot serve on 127\\.0\\.0\\.1:${port}: port ${port} is already in use`));
    } finally {
      busy.close();
    }
  });
});

describe('cloudtop.json that is not a config file', () => {
  it('nested 100,000 levels deep: exit 2 with the line, no stack overflow', async () => {
    const file = path.join(tmpDir(), 'cloudtop.json');
    fs.writeFileSync(file, `{"providers":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    expectUsage(await runCli(['-c', file, 'providers'], env), /line 1, column \d+: nested more than 64 levels deep/);
  });

  it('-c /dev/zero: refused before reading, exit 2', async () => {
    expectUsage(await runCli(['-c', '/dev/zero', 'providers'], env), /Config path is not a regular file: \/dev\/zero/);
  });

  it('-c <fifo>: refused at once, no hang (nobody ever writes to it)', async () => {
    const fifo = path.join(tmpDir(), 'cloudtop.json');
    execFileSync('mkfifo', [fifo]);
    expectUsage(
      await runCli(['-c', fifo, 'providers'], env, { timeoutMs: 20_000 }),
      /Config path is not a regular file/,
    );
  });

  it('a 2 MB file: too large, exit 2', async () => {
    const file = path.join(tmpDir(), 'cloudtop.json');
    fs.writeFileSync(file, `{"$comment":"${'x'.repeat(2 * 1024 * 1024)}"}`);
    expectUsage(await runCli(['-c', file, 'providers'], env), /Config file is too large/);
  });
});

describe('settings.json temp files left by a killed write', () => {
  it('are removed by the next run; the settings survive', async () => {
    const home = tmpDir();
    const runEnv = { ...env, CLOUDTOP_HOME: home };
    fs.writeFileSync(path.join(home, 'settings.json'), JSON.stringify({ schemaVersion: 1, theme: 'dark' }));
    const leftover = path.join(home, 'settings.json.tmp-1764000000a1b2c3');
    fs.writeFileSync(leftover, '{"schemaVersion":1,"the');
    const old = new Date(Date.now() - 3_600_000);
    fs.utimesSync(leftover, old, old);
    const r = await runCli(['status', '-p', 'vastai'], runEnv);
    expect(r.code).toBe(0);
    expect(fs.existsSync(leftover)).toBe(false);
    expect(JSON.parse(fs.readFileSync(path.join(home, 'settings.json'), 'utf8'))).toMatchObject({ theme: 'dark' });
  });

  it('an invalid part is repaired on disk (conf, loaded on first write), the original kept as a backup', async () => {
    const home = tmpDir();
    const file = path.join(home, 'settings.json');
    fs.writeFileSync(file, JSON.stringify({ schemaVersion: 1, theme: 'purple', launchAtLogin: true }));
    const r = await runCli(['status', '-p', 'vastai'], { ...env, CLOUDTOP_HOME: home });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/settings: theme: .*default used/);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ theme: 'auto', launchAtLogin: true });
    if (process.platform !== 'win32') expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    const backups = fs.readdirSync(home).filter((f) => f.startsWith('settings.json.corrupt-'));
    expect(backups).toHaveLength(1);
    expect(JSON.parse(fs.readFileSync(path.join(home, backups[0]!), 'utf8'))).toMatchObject({ theme: 'purple' });
  });
});

describe('auth set reads the value from stdin', () => {
  it('empty stdin: nothing is saved, exit 2, one clear line', async () => {
    const r = await runCli(['auth', 'set', 'vastai', '--no-test'], { ...env, CLOUDTOP_HOME: tmpDir() }, { stdin: '' });
    expectUsage(r, /no value given \(nothing was saved\)/);
  });
});

describe('one provider that never answers', () => {
  it('offers: names it on stderr while waiting, then shows the others with Lambda marked', async () => {
    const r = await runCli(['offers', '--timeout', '12s', '--limit', '100'], env);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/… waiting for .*Lambda.* \(gives up after 12 s, --timeout to change\)/);
    expect(r.stdout).toMatch(/\svastai\s/);
    expect(r.stdout).toMatch(/\srunpod\s/);
    expect(r.stdout).not.toMatch(/\slambda\s/);
    expect(r.stdout).toContain('! Lambda: no answer within 12 s (still pending)');
    // The log file gets it too (pino is loaded only when a first line is written).
    const log = fs.readFileSync(path.join(env.CLOUDTOP_HOME!, 'logs', 'cloudtop.log'), 'utf8');
    const lines = log
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toContainEqual(expect.objectContaining({ level: 'warn', face: 'cli', provider: 'lambda' }));
  });

  it('status -o json: Lambda is a timeout error, the others are ok', async () => {
    const r = await runCli(['status', '-o', 'json', '--timeout', '12s'], env);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { providers: { provider: string; state: string; error?: { code: string } }[] };
    const lambda = doc.providers.find((p) => p.provider === 'lambda')!;
    expect(lambda.state).toBe('error');
    expect(lambda.error?.code).toBe('timeout');
    expect(doc.providers.filter((p) => p.provider !== 'lambda').every((p) => p.state === 'ok')).toBe(true);
    expect(r.stderr).toContain('! Lambda: no answer within 12 s; showing the others');
  });

  it('only the hanging provider: exit 1 after the deadline', async () => {
    const r = await runCli(['offers', '-p', 'lambda', '--timeout', '2s'], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('No offers match.');
    expect(r.stdout).toContain('! Lambda: no answer within 2 s (still pending)');
  });

  it('Ctrl+C while waiting for it ends the command at once with 130', async () => {
    const p = new CliProcess(['offers', '-p', 'lambda'], env);
    await p.waitFor((o) => o.stderr.includes('waiting for Lambda'), 'the waiting note');
    const r = await p.stop('SIGINT', 5_000);
    expect(r.killed).toBe(false);
    expect(r.code).toBe(130);
    expect(r.stdout).toBe('');
  });
});
