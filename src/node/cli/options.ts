/** Global CLI options shared by every command, parsed and validated once. */
import * as z from 'zod';
import { lazySchema } from '../../shared/model/lazy-schema';
import { PROVIDER_IDS, type ProviderId } from '../../shared/model';
import { parseDuration } from './output/format';
import { UsageError } from './io';

export const OutputSchema = lazySchema(() => z.enum(['table', 'wide', 'json']));
export type OutputMode = z.infer<typeof OutputSchema>;

/** Longest refresh interval: beyond 2^31 ms Node's timers fire at once, which would poll in a tight loop. */
export const MAX_INTERVAL_MS = 24 * 3_600_000;
/** -w without an interval, and watch's poll interval without --interval or -w. */
export const DEFAULT_INTERVAL_MS = 30_000;

/**
 * How long a refresh waits for its slowest provider. The core gives each provider 60 s (retries and
 * Retry-After included); a person at a terminal should not stare at nothing that long, so after
 * 20 s the CLI shows what arrived and marks the rest as pending.
 */
export const DEFAULT_TIMEOUT_MS = 20_000;

export interface GlobalOptions {
  output: OutputMode;
  /** Refresh interval in ms when --watch is given. */
  watchMs?: number;
  /** How long a refresh waits for the slowest provider before showing the others (--timeout). */
  timeoutMs: number;
  providers?: ProviderId[];
  config?: string;
  color: boolean;
  verbose: boolean;
}

/** `--provider a,b --provider c` → [a, b, c]; unknown ids are a usage error naming the valid ones. */
export function parseProviderList(values: string[] | undefined): ProviderId[] | undefined {
  if (!values || values.length === 0) return undefined;
  const out: ProviderId[] = [];
  for (const raw of values.flatMap((v) => v.split(','))) {
    const id = raw.trim().toLowerCase();
    if (!id) continue;
    if (!(PROVIDER_IDS as readonly string[]).includes(id)) {
      throw new UsageError(`--provider: unknown provider "${raw}". Valid: ${PROVIDER_IDS.join(', ')}`);
    }
    if (!out.includes(id as ProviderId)) out.push(id as ProviderId);
  }
  // `-p ''` (say, an unset shell variable) must not silently mean "every provider".
  if (out.length === 0 || values.some((v) => v.trim() === ''))
    throw new UsageError(`--provider: empty value. Valid: ${PROVIDER_IDS.join(', ')}`);
  return out;
}

export function parseGlobalOptions(
  raw: Record<string, unknown>,
  env: Record<string, string | undefined>,
  isTTY: boolean,
): GlobalOptions {
  const output = OutputSchema.safeParse(raw.output ?? 'table');
  if (!output.success) throw new UsageError(`--output must be one of table, wide, json (got "${String(raw.output)}")`);
  let watchMs: number | undefined;
  if (raw.watch !== undefined && raw.watch !== false) {
    try {
      watchMs = raw.watch === true ? DEFAULT_INTERVAL_MS : parseDuration(String(raw.watch));
    } catch (e) {
      throw new UsageError(`--watch: ${(e as Error).message}`);
    }
    if (watchMs < 1000) throw new UsageError('--watch: the interval must be at least 1s');
    if (watchMs > MAX_INTERVAL_MS) throw new UsageError('--watch: the interval must be at most 24h');
  }
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  if (raw.timeout !== undefined) {
    try {
      timeoutMs = parseDuration(String(raw.timeout));
    } catch (e) {
      throw new UsageError(`--timeout: ${(e as Error).message}`);
    }
    if (timeoutMs < 1000 || timeoutMs > 600_000) throw new UsageError('--timeout: between 1s and 10m');
  }
  const noColorEnv = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return {
    output: output.data,
    watchMs,
    timeoutMs,
    providers: parseProviderList(raw.provider as string[] | undefined),
    config: typeof raw.config === 'string' ? raw.config : undefined,
    color: raw.color !== false && !noColorEnv && isTTY && output.data !== 'json',
    verbose: raw.verbose === true,
  };
}
