import type { Core } from '../../core/types';
import type { HistoryReader } from '../../core/history';
import type { ProviderId, ProviderStatus, Snapshot } from '../../shared/model';
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

/** After this long a one-shot refresh names on stderr the providers it is still waiting for. */
const SLOW_NOTICE_MS = 5_000;

/**
 * Refreshes with progress on stderr and a deadline. On a terminal, one line per provider as it
 * finishes, so a slow provider is visible instead of a silent wait; on any stderr, a note naming the
 * providers still pending after a few seconds. A provider that has not answered by `--timeout`
 * (default 20 s) is marked `timeout` ("no answer within 20 s") and the others are shown: one hanging
 * market must not hold the whole table back for the core's 60 s per-provider limit. Its request
 * keeps running in the background (a `-w` loop picks its answer up on a later refresh).
 */
export async function refreshWithProgress(
  ctx: CliContext,
  core: Core,
  providers: ProviderId[] | undefined,
  metrics = false,
  { lines = true }: { lines?: boolean } = {},
): Promise<Snapshot> {
  const tty = lines && ctx.io.stderr.isTTY === true;
  const wanted = (p: ProviderStatus) => !providers || providers.includes(p.provider);
  const keyOf = (p: ProviderStatus) => `${p.provider}/${p.account}`;
  const before = new Map(core.snapshot().providers.map((p) => [keyOf(p), p.lastAttempt]));
  const seen = new Set<string>();
  const off = core.onSnapshot((snap) => {
    for (const p of snap.providers) {
      const key = keyOf(p);
      if (seen.has(key) || p.lastAttempt === before.get(key) || !p.lastAttempt || !wanted(p)) continue;
      seen.add(key);
      if (!tty) continue;
      const ok = p.state === 'ok';
      const mark = ok ? ctx.style.green('✓') : ctx.style.red('✗');
      const took = p.lastDurationMs !== undefined ? ` ${(p.lastDurationMs / 1000).toFixed(1)}s` : '';
      ctx.io.stderr.write(`${mark} ${label(p)}${took}${ok ? '' : ` — ${p.error?.message ?? p.state}`}\n`);
    }
  });
  /** Providers this refresh runs that have not answered yet. */
  const pending = (snap: Snapshot) =>
    snap.providers.filter(
      (p) =>
        wanted(p) &&
        !seen.has(keyOf(p)) &&
        p.state !== 'unconfigured' &&
        p.state !== 'disabled' &&
        // A credential that could not be read has no runtime: it is an error already, not pending.
        !(p.state === 'error' && !p.lastAttempt),
    );
  if (tty) ctx.io.stderr.write(ctx.style.dim('Refreshing…\n'));
  const deadlineMs = ctx.opts.timeoutMs;
  const timers: NodeJS.Timeout[] = [];
  try {
    const refresh = core.refresh({ providers, metrics });
    const late = new Promise<'late'>((resolve) => {
      timers.push(
        setTimeout(
          () => {
            const waiting = pending(core.snapshot());
            if (waiting.length > 0)
              ctx.io.stderr.write(
                ctx.style.dim(
                  `… waiting for ${waiting.map(label).join(', ')} (gives up after ${seconds(deadlineMs)}, --timeout to change)\n`,
                ),
              );
          },
          Math.min(SLOW_NOTICE_MS, deadlineMs / 2),
        ),
        setTimeout(() => resolve('late'), deadlineMs),
      );
    });
    const result = await Promise.race([refresh, late]);
    if (result !== 'late') return result;
    // Whatever settles later must not become an unhandled rejection.
    refresh.catch(() => undefined);
    // Tables name the late provider in their footer / error column; JSON readers get it on stderr.
    return markPending(core.snapshot(), pending(core.snapshot()), deadlineMs, (p) => {
      if (ctx.opts.output === 'json')
        ctx.io.stderr.write(`! ${label(p)}: no answer within ${seconds(deadlineMs)}; showing the others\n`);
    });
  } finally {
    for (const t of timers) clearTimeout(t);
    off();
  }
}

function label(p: ProviderStatus): string {
  return `${p.displayName}${p.account !== 'default' ? ` (${p.account})` : ''}`;
}

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${(ms / 1000).toFixed(1)} s`;
}

/** The snapshot with each pending provider shown as a `timeout` error (its old data kept, marked stale). */
function markPending(
  snap: Snapshot,
  late: ProviderStatus[],
  deadlineMs: number,
  tell: (p: ProviderStatus) => void,
): Snapshot {
  const keys = new Set(late.map((p) => `${p.provider}/${p.account}`));
  for (const p of late) tell(p);
  return {
    ...snap,
    providers: snap.providers.map((p) =>
      keys.has(`${p.provider}/${p.account}`)
        ? {
            ...p,
            state: 'error' as const,
            stale: true,
            error: {
              code: 'timeout' as const,
              message: `no answer within ${seconds(deadlineMs)} (still pending)`,
              retryable: true,
              provider: p.provider,
              hint: 'The provider is slow or not answering; try again, or raise --timeout.',
            },
          }
        : p,
    ),
  };
}
