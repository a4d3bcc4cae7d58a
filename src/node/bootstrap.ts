/**
 * Builds the core for the CLI and `cloudtop serve` with the Node adapters: conf settings, the OS
 * keychain (keytar) behind environment variables, cloudtop.json, the rotating log file with secret
 * redaction — or, with `--demo`, simulators plus in-memory stores that never touch the user's files.
 */
import { createCore } from '../core/create-core';
import { loadConfig } from '../core/config/load';
import { SecretRedactor } from '../core/log/redact';
import { ChainSecretStore } from '../core/secrets/chain-store';
import { EnvSecretStore } from '../core/secrets/env-store';
import { KeytarSecretStore, probeKeychain } from '../core/secrets/keytar-secret-store';
import { MemorySecretStore } from '../core/secrets/memory-store';
import { InMemorySettingsStore } from '../core/settings/memory-store';
import type { SecretStore } from '../core/secrets/types';
import type { SettingsStore } from '../core/settings/types';
import { ALERTS_FILE_NAME, JsonFileAlertStore } from '../core/watches/alert-file';
import { HISTORY_FILE_NAME, openHistory, type History } from '../core/history';
import { toErrorInfo } from '../shared/model/errors';
import type { Logger } from '../core/log/types';
import type { ProviderId } from '../shared/model';
import type { CliContext, CoreHandle, OpenCoreOptions } from './cli/context';
import path from 'node:path';
import { createFileLogger } from './log';
import { cloudtopPaths } from './paths';
import { ConfSettingsStore } from './settings/conf-store';
import type { SimFleet } from '../sim/launch';

export async function openCliCore(o: OpenCoreOptions, ctx: Omit<CliContext, 'openCore'>): Promise<CoreHandle> {
  const env = ctx.io.env;
  const paths = cloudtopPaths(env);
  const redactor = new SecretRedactor();
  const fileLog = createFileLogger({ redactor, file: paths.logFile, verbose: ctx.opts.verbose, stderr: ctx.io.stderr });
  const notices: string[] = [];
  if (fileLog.problem) notices.push(fileLog.problem);
  const log = fileLog.logger.child({ face: o.demo ? 'demo' : 'cli' });

  let fleet: SimFleet | undefined;
  let settings: SettingsStore;
  let secrets: SecretStore;
  let coreEnv: Record<string, string | undefined> = env;
  let secretStorage: CoreHandle['secretStorage'] = 'keychain';
  const loaded = o.demo ? undefined : loadConfig(ctx.opts.config, env, { defaultPath: paths.configFile });
  if (loaded) notices.push(...loaded.warnings);

  if (o.demo) {
    // Demo mode: simulators with churn, throwaway stores; the user's settings and keychain stay untouched.
    const { startSimulators } = await import('../sim/launch');
    fleet = await startSimulators({ providers: o.providers, demo: true, seed: 42 });
    fleet.startChurn(4000);
    const entries = fleet.sims.flatMap((s) =>
      Object.entries(s.credentials).map(([field, value]) => ({
        provider: s.id as ProviderId,
        profile: 'default',
        field,
        value,
      })),
    );
    secrets = new MemorySecretStore(entries);
    settings = new InMemorySettingsStore({});
    coreEnv = { ...fleet.env };
    secretStorage = 'session';
  } else {
    // One keychain listing answers the start's reads (every provider's fields), not one call per field.
    const keychain = new KeytarSecretStore({ batchReads: true });
    const chain = new ChainSecretStore({
      env: new EnvSecretStore(env),
      keychain,
      // Only the window (serve) may fall back to memory, and it tells the user; the CLI reports the error.
      sessionFallback: o.sessionFallback === true,
      onSessionFallback: (reason) =>
        notices.push(`No keychain (${reason.message}): credentials entered now are kept for this session only.`),
    });
    secrets = chain;
    settings = new ConfSettingsStore({ cwd: paths.settingsDir, redactor });
    if (o.sessionFallback) {
      // The window tells the user up front where credentials will go.
      const probe = await probeKeychain(keychain);
      if (!probe.available) {
        secretStorage = 'session';
        notices.push(
          `No keychain available (${probe.reason ?? 'unknown reason'}): credentials entered in the window are kept for this session only.`,
        );
      }
    }
  }

  const history = openFaceHistory(o, ctx, {
    file: o.demo ? ':memory:' : path.join(paths.settingsDir, HISTORY_FILE_NAME),
    log,
    notices,
  });
  const core = createCore({
    settings,
    secrets,
    config: loaded?.config,
    env: coreEnv,
    log,
    demo: o.demo === true,
    only: o.providers,
    includeAnonymous: o.includeAnonymous,
    parts: o.parts,
    registerSecret: (v) => redactor.register(v),
    secretStorage,
    // Only long-running faces keep alert state; a one-shot CLI command must not touch it.
    // Long-running faces (serve) deliver watches to the channels they name; one-shot commands do not.
    deliverToChannels: o.persistAlerts === true,
    alerts:
      o.persistAlerts && !o.demo ? new JsonFileAlertStore(path.join(paths.settingsDir, ALERTS_FILE_NAME)) : undefined,
    history: history?.recording ? history.store : undefined,
  });
  for (const issue of settings.issues())
    notices.push(`settings: ${issue.message}${issue.backupPath ? ` (backup: ${issue.backupPath})` : ''}`);

  return {
    core,
    secretStorage,
    demo: o.demo === true,
    notices,
    history: history?.store,
    redact: (s) => redactor.redactText(s),
    async close() {
      await core.stop();
      history?.store.close();
      await fleet?.close();
      fileLog.close();
    },
  };
}

/**
 * Opens the history file for a CLI face: recording for serve, `watch`, `top` and any `-w` loop (whatever
 * polls records), reading for one-shot commands that show it. `CLOUDTOP_HISTORY=off` turns it off.
 * A history problem is a notice, never a failed command.
 */
function openFaceHistory(
  o: OpenCoreOptions,
  ctx: Omit<CliContext, 'openCore'>,
  x: { file: string; log: Logger; notices: string[] },
): { store: History; recording: boolean } | undefined {
  const recording = o.history === 'record' || ctx.opts.watchMs !== undefined;
  if (!recording && o.history !== 'read') return undefined;
  if (ctx.io.env.CLOUDTOP_HISTORY?.trim().toLowerCase() === 'off') return undefined;
  try {
    const store = openHistory({
      file: x.file,
      log: x.log.child({ part: 'history' }),
      parts: o.parts,
      create: recording,
      onNotice: (m) => x.notices.push(m),
    });
    return store ? { store, recording } : undefined;
  } catch (e) {
    x.notices.push(`History is off for this run: ${toErrorInfo(e).message}`);
    return undefined;
  }
}
