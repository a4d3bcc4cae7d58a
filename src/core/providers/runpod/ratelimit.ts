/**
 * RunPod REST v2 rate-limit headers (IETF draft-ietf-httpapi-ratelimit-headers, structured-field lists):
 *   RateLimit:        "minute";r=0;t=12, "hour";r=2800;t=1812, "day";r=49500;t=45012
 *   RateLimit-Policy: "minute";q=60;w=60, "hour";q=3000;w=3600, "day";q=50000;w=86400
 * The quotas in the spec are examples, so we read them at runtime and pace from what the server says,
 * on top of the collector's static limiter (which only knows the documented figures).
 */
import { CloudtopError } from '../../../shared/model';
import type { Clock } from '../../collector/clock';

interface SfMember {
  name: string;
  params: Record<string, number>;
}

/** Parses a structured-field list of (string|token);key=int members. Malformed members are skipped. */
export function parseSfList(header: string | null | undefined): SfMember[] {
  if (!header) return [];
  const out: SfMember[] = [];
  for (const raw of splitTopLevel(header)) {
    const parts = raw.split(';').map((p) => p.trim());
    const head = parts.shift();
    if (!head) continue;
    const name = /^"(.*)"$/.exec(head)?.[1] ?? (/^[A-Za-z*][\w:/.*-]*$/.test(head) ? head : undefined);
    if (name === undefined) continue;
    const params: Record<string, number> = {};
    for (const p of parts) {
      const m = /^([a-z*][a-z0-9_.*-]*)=(-?\d+(?:\.\d+)?)$/.exec(p);
      if (m) params[m[1]!] = Number(m[2]);
    }
    out.push({ name, params });
  }
  return out;
}

// Commas inside quoted strings do not separate members.
function splitTopLevel(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of s) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur.trim());
  return out;
}

interface RateWindowState {
  name: string;
  remaining: number;
  /** Epoch ms when the window resets. */
  resetAt: number;
  quota?: number;
  windowSec?: number;
}

/** A day window is the longest RunPod documents; anything longer is a bogus header. */
const MAX_WAIT_MS = 24 * 3600 * 1000;

/**
 * Remembers what the last response said about each quota window and refuses to send a request the
 * server would reject anyway. One per client (RunPod limits are per user).
 */
export class RateLimitPacer {
  private windows = new Map<string, RateWindowState>();
  private blockedUntil = 0;
  private policy = new Map<string, { quota: number; windowSec: number }>();

  constructor(
    private readonly clock: Pick<Clock, 'now'>,
    private readonly provider = 'runpod',
  ) {}

  observe(headers: Pick<Headers, 'get'>): void {
    const now = this.clock.now();
    for (const m of parseSfList(headers.get('ratelimit-policy'))) {
      const q = m.params.q;
      const w = m.params.w;
      if (q !== undefined && q > 0 && w !== undefined && w > 0) this.policy.set(m.name, { quota: q, windowSec: w });
    }
    for (const m of parseSfList(headers.get('ratelimit'))) {
      const r = m.params.r;
      const t = m.params.t;
      if (r === undefined || t === undefined || r < 0 || t < 0) continue;
      const p = this.policy.get(m.name);
      this.windows.set(m.name, {
        name: m.name,
        remaining: r,
        resetAt: now + Math.min(t * 1000, MAX_WAIT_MS),
        quota: p?.quota,
        windowSec: p?.windowSec,
      });
    }
  }

  /** A 429 that reached us (the collector gave up waiting, or does not retry): stay silent for it. */
  observeError(e: unknown): void {
    if (e instanceof CloudtopError && e.code === 'rate_limited' && e.retryAfterMs !== undefined && e.retryAfterMs > 0) {
      this.blockedUntil = Math.max(this.blockedUntil, this.clock.now() + Math.min(e.retryAfterMs, MAX_WAIT_MS));
    }
  }

  /**
   * Throws `rate_limited` (with retryAfterMs) when sending `needed` requests now would exceed a
   * window the server reported, so a refresh never starts that is bound to hit a 429 halfway.
   */
  check(needed: number): void {
    const now = this.clock.now();
    if (this.blockedUntil > now) {
      throw new CloudtopError(
        'rate_limited',
        `RunPod asked us to wait; next request in ${secs(this.blockedUntil - now)}`,
        {
          provider: this.provider,
          retryAfterMs: this.blockedUntil - now,
          hint: 'cloudtop resumes by itself; lower the poll rate if this happens often',
        },
      );
    }
    for (const w of this.windows.values()) {
      if (w.resetAt <= now || w.remaining >= needed) continue;
      const quota = w.quota !== undefined ? ` of ${w.quota}` : '';
      throw new CloudtopError(
        'rate_limited',
        `RunPod's "${w.name}" request quota is nearly used up (${w.remaining}${quota} left, ${needed} needed); waiting ${secs(w.resetAt - now)} until it resets`,
        {
          provider: this.provider,
          retryAfterMs: w.resetAt - now,
          hint: 'Other tools using the same RunPod API key share this quota; lower the poll rate if this happens often',
        },
      );
    }
  }

  /** The quotas the server announced (for the connection test and logs). */
  describePolicy(): string | undefined {
    if (this.policy.size === 0) return undefined;
    return [...this.policy.entries()].map(([name, p]) => `${p.quota}/${name}`).join(', ');
  }

  snapshot(): RateWindowState[] {
    return [...this.windows.values()];
  }
}

function secs(ms: number): string {
  return `${Math.ceil(ms / 1000)} s`;
}
