/**
 * `cloudtop auth` as a user runs it, against the real keychain: the built CLI as a child process,
 * the key piped on stdin (never argv), tested against `cloudtop sim`, stored in gnome-keyring
 * (scripts/with-keyring.sh gives a private, unlocked Secret Service), then used by `offers`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedEnv, runCli, startSim, type Sim } from '../process/cli-process';

let sim: Sim;
let env: Record<string, string>;
let key: string;
beforeAll(async () => {
  sim = await startSim(['--no-demo'], ['-p', 'vastai']);
  key = sim.env.CLOUDTOP_VASTAI_API_KEY!;
  // The base URL only: the key must come from the keychain.
  env = isolatedEnv({ CLOUDTOP_VASTAI_BASE_URL: sim.env.CLOUDTOP_VASTAI_BASE_URL! });
});
afterAll(async () => {
  await runCli(['auth', 'delete', 'vastai'], env);
  await sim?.close();
});

describe('cloudtop auth against the OS keychain', () => {
  it('set from stdin: tests the key against the simulator, saves it in the keychain, never echoes it', async () => {
    const r = await runCli(['auth', 'set', 'vastai'], env, { stdin: `${key}\n` });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('Testing Vast.ai…');
    expect(r.stderr).toMatch(/✓ /);
    expect(r.stderr).toContain('Saved apiKey for Vast.ai (default) in the OS keychain.');
    expect(r.stdout + r.stderr).not.toContain(key);
  });

  it('list: the field is set, from the keychain, with a hint that is not the key', async () => {
    const r = await runCli(['auth', 'list', 'vastai'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/vastai\s+default\s+apiKey\s+yes\s+keychain/);
    expect(r.stdout).not.toContain(key);
  });

  it('a later command uses the stored key: instances from the authenticated API', async () => {
    const r = await runCli(['resources', '-p', 'vastai'], env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/vastai\s+gpu-instance/);
  });

  it('a wrong key is refused after the test and not saved (exit 1)', async () => {
    const r = await runCli(['auth', 'set', 'vastai', '-a', 'other'], env, { stdin: 'not-a-valid-key\n' });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Not saved. Use --no-test to save anyway.');
    const list = await runCli(['auth', 'list', 'vastai', '-o', 'wide'], env);
    expect(list.stdout).not.toMatch(/vastai\s+other\s+apiKey\s+yes/);
  });

  it('delete: gone from the keychain', async () => {
    const r = await runCli(['auth', 'delete', 'vastai'], env);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('Deleted keychain entries for vastai (default).');
    const list = await runCli(['auth', 'list', 'vastai'], env);
    expect(list.stdout).toMatch(/vastai\s+default\s+apiKey\s+no/);
  });
});
