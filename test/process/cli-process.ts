/**
 * Runs the built CLI (`bin/cloudtop.js` → out/cli/cloudtop.mjs) as a child process, exactly as a
 * user does: real argv, env, stdin, signals and exit codes. `startSim()` starts `cloudtop sim` once
 * per file and reads the `export NAME=value` lines it prints, the way a user pastes them.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = path.join(ROOT, 'bin', 'cloudtop.js');

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A fresh CLOUDTOP_HOME (settings, logs, config) and nothing inherited that could point at real providers. */
export function isolatedEnv(extra: Record<string, string> = {}): Record<string, string> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudtop-proc-'));
  const keep = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'DBUS_SESSION_BUS_ADDRESS', 'XDG_RUNTIME_DIR', 'XDG_DATA_HOME'];
  const base: Record<string, string> = {};
  for (const k of keep) if (process.env[k] !== undefined) base[k] = process.env[k]!;
  return { ...base, CLOUDTOP_HOME: home, NO_COLOR: '1', TZ: 'UTC', ...extra };
}

/** A running CLI process with its output so far. */
export class CliProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout = '';
  stderr = '';
  readonly done: Promise<Finished>;

  /** `node`: the Node that runs the launcher (default: this one). */
  constructor(args: string[], env: Record<string, string>, stdin?: string, node = process.execPath) {
    this.child = spawn(node, [BIN, ...args], { cwd: ROOT, env, stdio: 'pipe' });
    this.child.stdout.setEncoding('utf8').on('data', (s: string) => (this.stdout += s));
    this.child.stderr.setEncoding('utf8').on('data', (s: string) => (this.stderr += s));
    if (stdin !== undefined) this.child.stdin.end(stdin);
    this.done = new Promise((resolve) => {
      this.child.on('close', (code, signal) => resolve({ code, signal, stdout: this.stdout, stderr: this.stderr }));
    });
  }

  /** Resolves once stdout+stderr satisfy `test`; rejects (with what was printed) after `ms` or if the process ends first. */
  async waitFor(test: (out: { stdout: string; stderr: string }) => boolean, what: string, ms = 30_000): Promise<void> {
    const started = Date.now();
    let exited = false;
    void this.done.then(() => (exited = true));
    while (!test({ stdout: this.stdout, stderr: this.stderr })) {
      if (exited) throw new Error(`process ended before ${what}\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
      if (Date.now() - started > ms)
        throw new Error(`no ${what} after ${ms} ms\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Sends `signal` and waits for the exit; a process that ignores it is killed after `ms` and reported. */
  async stop(signal: NodeJS.Signals = 'SIGINT', ms = 10_000): Promise<Finished & { killed: boolean }> {
    this.child.kill(signal);
    let killed = false;
    const t = setTimeout(() => {
      killed = true;
      this.child.kill('SIGKILL');
    }, ms);
    const r = await this.done;
    clearTimeout(t);
    return { ...r, killed };
  }
}

/** Runs a command to completion (killed after `timeoutMs`, which fails the caller's assertions on `code`). */
export async function runCli(
  args: string[],
  env: Record<string, string>,
  opts: { stdin?: string; timeoutMs?: number } = {},
): Promise<Finished> {
  const p = new CliProcess(args, env, opts.stdin ?? '');
  const t = setTimeout(() => p.child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
  const r = await p.done;
  clearTimeout(t);
  return r;
}

export interface Sim {
  /** The variables `cloudtop sim` printed, decoded as a shell would. */
  env: Record<string, string>;
  output: string;
  process: CliProcess;
  close(): Promise<Finished & { killed: boolean }>;
}

/** Starts `cloudtop sim` (static data unless `args` say otherwise) and reads its exports. */
export async function startSim(args: string[] = ['--no-demo'], globalArgs: string[] = []): Promise<Sim> {
  const p = new CliProcess([...globalArgs, 'sim', ...args], isolatedEnv());
  await p.waitFor((o) => o.stdout.includes('# Ctrl+C to stop.'), 'the simulator banner');
  return { env: parseExports(p.stdout), output: p.stdout, process: p, close: () => p.stop('SIGTERM') };
}

/** `export NAME=value` / `export NAME="json string"` lines → variables. */
export function parseExports(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^export ([A-Z0-9_]+)=(.*)$/.exec(line);
    if (!m) continue;
    env[m[1]!] = m[2]!.startsWith('"') ? (JSON.parse(m[2]!) as string) : m[2]!;
  }
  return env;
}

/** The ANSI sequence that shows the cursor again (hidden while `-w` redraws). */
export const SHOW_CURSOR = '\x1b[?25h';
export const HIDE_CURSOR = '\x1b[?25l';
