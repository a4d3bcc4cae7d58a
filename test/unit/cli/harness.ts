/**
 * Runs the real CLI program in-process against simulators, with memory stores instead of the
 * user's keychain and settings, capturing stdout/stderr.
 */
import { PassThrough, Readable, Writable } from 'node:stream';
import { runCli } from '../../../src/node/cli/program';
import type { CoreHandle, OpenCoreOptions } from '../../../src/node/cli/context';
import { createCore } from '../../../src/core/create-core';
import { MemorySecretStore } from '../../../src/core/secrets/memory-store';
import { ChainSecretStore } from '../../../src/core/secrets/chain-store';
import { EnvSecretStore } from '../../../src/core/secrets/env-store';
import { InMemorySettingsStore } from '../../../src/core/settings/memory-store';
import { SecretRedactor } from '../../../src/core/log/redact';
import { createLogger } from '../../../src/core/log/logger';
import type { CloudtopConfig } from '../../../src/core/config/schema';
import type { CliIO } from '../../../src/node/cli/io';

export class Capture extends Writable {
  text = '';
  isTTY = false;
  override _write(chunk: Buffer | string, _enc: BufferEncoding, cb: () => void): void {
    this.text += chunk.toString();
    cb();
  }
}

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  log: string;
}

export interface HarnessOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  config?: CloudtopConfig;
  secrets?: MemorySecretStore;
  settings?: InMemorySettingsStore;
  /** Resolve `interrupted` (Ctrl+C) when this returns true; polled every 50 ms. */
  interruptWhen?: (out: { stdout: string; stderr: string }) => boolean;
}

export async function runCliTest(argv: string[], h: HarnessOptions = {}): Promise<CliRun> {
  const stdout = new Capture();
  const stderr = new Capture();
  const logLines: string[] = [];
  let interrupt!: () => void;
  const interrupted = new Promise<void>((r) => (interrupt = r));
  const timer = h.interruptWhen
    ? setInterval(() => {
        if (h.interruptWhen!({ stdout: stdout.text, stderr: stderr.text })) interrupt();
      }, 50)
    : undefined;
  const stdin = h.stdin !== undefined ? Readable.from([h.stdin]) : new PassThrough();
  const io: CliIO = { stdout, stderr, stdin: stdin as CliIO['stdin'], env: h.env ?? {}, interrupted };
  // Environment first, then the memory store standing in for the keychain (as in production).
  const secrets = new ChainSecretStore({
    env: new EnvSecretStore(h.env ?? {}),
    keychain: h.secrets ?? new MemorySecretStore(),
  });
  const settings = h.settings ?? new InMemorySettingsStore({});
  const redactor = new SecretRedactor();
  const logger = createLogger({ destination: { write: (l: string) => logLines.push(l) }, redactor, level: 'debug' });
  try {
    const code = await runCli(argv, {
      io,
      version: '0.0.0-test',
      openCore: async (o: OpenCoreOptions): Promise<CoreHandle> => {
        const core = createCore({
          settings,
          secrets,
          config: h.config,
          env: h.env ?? {},
          log: logger,
          only: o.providers,
          includeAnonymous: o.includeAnonymous,
          parts: o.parts,
          registerSecret: (v) => redactor.register(v),
        });
        return {
          core,
          secretStorage: 'keychain',
          demo: false,
          notices: [],
          redact: (s) => redactor.redactText(s),
          close: () => core.stop(),
        };
      },
    });
    return { code, stdout: stdout.text, stderr: stderr.text, log: logLines.join('') };
  } finally {
    if (timer) clearInterval(timer);
    interrupt();
  }
}
