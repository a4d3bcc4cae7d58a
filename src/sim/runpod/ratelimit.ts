/**
 * Per-key fixed windows as RunPod describes them: every authenticated v2 response carries
 * `RateLimit` (remaining `r`, seconds to reset `t`) and `RateLimit-Policy` (quota `q`, window `w`);
 * when any window is used up the answer is 429 with `Retry-After` (integer seconds). Rejected requests
 * do not consume quota.
 */
import type { RateWindowPolicy } from './state';

interface WindowState {
  start: number;
  used: number;
}

interface BudgetResult {
  ok: boolean;
  headers: Record<string, string>;
  retryAfterSec?: number;
  /** Name of the exhausted window, for the problem detail. */
  window?: string;
}

export class RateBudget {
  private readonly perKey = new Map<string, Map<string, WindowState>>();

  constructor(
    private readonly policy: () => readonly RateWindowPolicy[],
    private readonly now: () => number = Date.now,
  ) {}

  take(key: string): BudgetResult {
    const now = this.now();
    const policy = this.policy();
    // Rate-limit-exempt callers get no headers at all.
    if (policy.length === 0) return { ok: true, headers: {} };
    let windows = this.perKey.get(key);
    if (!windows) this.perKey.set(key, (windows = new Map()));
    for (const p of policy) {
      const w = windows.get(p.name);
      if (!w || now >= w.start + p.windowSec * 1000) windows.set(p.name, { start: now, used: 0 });
    }
    const exhausted = policy.filter((p) => windows.get(p.name)!.used >= p.quota);
    if (exhausted.length === 0) for (const p of policy) windows.get(p.name)!.used++;
    const resetSec = (p: RateWindowPolicy): number =>
      Math.max(1, Math.ceil((windows.get(p.name)!.start + p.windowSec * 1000 - now) / 1000));
    const headers = {
      RateLimit: policy
        .map((p) => `"${p.name}";r=${Math.max(0, p.quota - windows.get(p.name)!.used)};t=${resetSec(p)}`)
        .join(', '),
      'RateLimit-Policy': policy.map((p) => `"${p.name}";q=${p.quota};w=${p.windowSec}`).join(', '),
    };
    if (exhausted.length === 0) return { ok: true, headers };
    // Wait for the longest exhausted window: waiting less would only earn another 429.
    const worst = exhausted.reduce((a, b) => (resetSec(b) > resetSec(a) ? b : a));
    return { ok: false, headers, retryAfterSec: resetSec(worst), window: worst.name };
  }

  reset(): void {
    this.perKey.clear();
  }
}
