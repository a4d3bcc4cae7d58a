import type { Core } from '../../core/types';
import type { HistoryReader } from '../../core/history';
import type { ProviderId, Snapshot } from '../../shared/model';
import type { CliIO } from './io';
import type { GlobalOptions } from './options';
import type { Style } from './output/ansi';

/** What `openCore` returns: the core plus how it was built. */
export interface CoreHandle {
  core: Core;
  /** Secrets go to the OS keychain, or memory for this session when none exists. */
  secretStorage: 'keychain' | 'session';
  demo: boolean;
  /** Problems to tell the user about once (corrupt settings backed up, no keychain…). */
  notices: string[];
  /** History (src/core/history) when asked for and there is some: recorded or only read. */
  history?: HistoryReader;
  /** Scrubs registered secrets from text before it is printed (unexpected error messages). */
  redact(text: string): string;
  close(): Promise<void>;
}

export interface OpenCoreOptions {
  /** Include providers that work without credentials (offers only). */
  includeAnonymous: boolean;
  /** Only these providers. */
  providers?: ProviderId[];
  demo?: boolean;
  /** Which parts to fetch: `offers` needs no instance lists, `resources` no market search. */
  parts?: ReadonlyArray<'offers' | 'resources'>;
  /** Keep the watches state and alert history across restarts (serve). */
  persistAlerts?: boolean;
  /**
   * History: `record` for faces that poll over time (serve, watch; `-w` records anyway), `read`
   * for one-shot commands that show it (offers' LAST SEEN). Demo mode records in memory.
   */
  history?: 'record' | 'read';
  /** Keep credentials in memory for the session when no keychain exists (the window says so). */
  sessionFallback?: boolean;
}

export interface CliContext {
  io: CliIO;
  opts: GlobalOptions;
  style: Style;
  openCore(o: OpenCoreOptions): Promise<CoreHandle>;
  version: string;
}

/**
 * Refreshes with progress on stderr (TTY only): one line per provider as it finishes, so a slow
 * provider is visible instead of a silent wait.
 */
export async function refreshWithProgress(
  ctx: CliContext,
  core: Core,
  providers: ProviderId[] | undefined,
  metrics = false,
): Promise<Snapshot> {
  const tty = ctx.io.stderr.isTTY === true;
  const before = new Map(core.snapshot().providers.map((p) => [`${p.provider}/${p.account}`, p.lastAttempt]));
  const seen = new Set<string>();
  const off = tty
    ? core.onSnapshot((snap) => {
        for (const p of snap.providers) {
          const key = `${p.provider}/${p.account}`;
          if (seen.has(key) || p.lastAttempt === before.get(key) || !p.lastAttempt) continue;
          if (providers && !providers.includes(p.provider)) continue;
          seen.add(key);
          const ok = p.state === 'ok';
          const mark = ok ? ctx.style.green('✓') : ctx.style.red('✗');
          const took = p.lastDurationMs !== undefined ? ` ${(p.lastDurationMs / 1000).toFixed(1)}s` : '';
          ctx.io.stderr.write(
            `${mark} ${p.displayName}${p.account !== 'default' ? ` (${p.account})` : ''}${took}${ok ? '' : ` — ${p.error?.message ?? p.state}`}\n`,
          );
        }
      })
    : () => {};
  if (tty) ctx.io.stderr.write(ctx.style.dim('Refreshing…\n'));
  try {
    return await core.refresh({ providers, metrics });
  } finally {
    off();
  }
}
