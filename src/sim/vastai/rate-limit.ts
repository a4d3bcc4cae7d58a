/**
 * Token buckets keyed by endpoint and caller identity, for simulators whose providers limit each
 * endpoint separately (Vast.ai: per endpoint and per identity; Lambda: per account). A bucket holds
 * `burst` requests and refills at `perSecond`; an empty bucket means 429.
 * (Candidate for src/sim/common once a third simulator needs it.)
 */
export interface BucketSpec {
  burst: number;
  perSecond: number;
}

export class RateLimiter {
  enabled = true;
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Takes one token; false when the caller is over the limit. */
  take(key: string, spec: BucketSpec): boolean {
    if (!this.enabled) return true;
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: spec.burst, at: t };
    b.tokens = Math.min(spec.burst, b.tokens + ((t - b.at) / 1000) * spec.perSecond);
    b.at = t;
    this.buckets.set(key, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  reset(): void {
    this.buckets.clear();
  }
}
