/**
 * Simulated Cloudflare accounts, tokens, Workers scripts and R2 buckets, plus deterministic
 * analytics: a metric value is a pure function of (seed, object, time bucket, traffic level), so
 * overlapping queries agree with each other and `tick()` (which moves traffic levels) makes the
 * charts move.
 */
import { seededRandom } from '../common/http-sim';

export type CfPermission = 'account:read' | 'workers:read' | 'r2:read' | 'analytics:read';
export const ALL_PERMISSIONS: readonly CfPermission[] = ['account:read', 'workers:read', 'r2:read', 'analytics:read'];

export interface CfSimToken {
  value: string;
  id: string;
  /** User tokens verify on /user/tokens/verify; account-owned tokens on /accounts/{id}/tokens/verify. */
  kind: 'user' | 'account';
  /** Owning account for account tokens. */
  accountId?: string;
  /** Accounts this token may see (undefined: all). */
  accounts?: string[];
  permissions: Set<CfPermission>;
  status: 'active' | 'disabled' | 'expired';
}

export interface CfSimWorker {
  id: string;
  tag: string;
  created_on: string;
  modified_on: string;
  usage_model: 'standard' | 'bundled' | 'unbound';
  compatibility_date: string;
  handlers: string[];
  etag: string;
  /** Requests per minute at the current traffic level (moved by tick()). */
  ratePerMin: number;
  errorRate: number;
  subrequestsPerRequest: number;
  /** CPU time p50 in microseconds. */
  cpuP50Us: number;
}

/** R2 jurisdictions (`cf-r2-jurisdiction`); each bucket lives in exactly one. */
export const CF_SIM_JURISDICTIONS = ['default', 'eu', 'fedramp'] as const;
type CfSimJurisdiction = (typeof CF_SIM_JURISDICTIONS)[number];

export interface CfSimBucket {
  name: string;
  creation_date: string;
  location: 'apac' | 'eeur' | 'enam' | 'weur' | 'wnam' | 'oc';
  storage_class: 'Standard' | 'InfrequentAccess';
  jurisdiction: CfSimJurisdiction;
  opsPerHour: number;
  objects: number;
  bytes: number;
}

export interface CfSimAccount {
  id: string;
  name: string;
  type: 'standard' | 'enterprise';
  created_on: string;
  workers: CfSimWorker[];
  buckets: CfSimBucket[];
  /** R2 must be enabled per account (else 403 code 10042). */
  r2Enabled: boolean;
  /** GraphQL datasets this account's plan does not include. */
  unavailableDatasets: Set<string>;
}

const WORDS = [
  'api',
  'edge',
  'auth',
  'img',
  'cron',
  'shop',
  'blog',
  'docs',
  'proxy',
  'router',
  'queue',
  'hooks',
  'media',
  'cache',
  'search',
  'geo',
];
const LOCATIONS: CfSimBucket['location'][] = ['enam', 'wnam', 'weur', 'eeur', 'apac', 'oc'];

export function hex(rand: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(rand() * 16).toString(16);
  return s;
}

const BASE_DATE = Date.UTC(2024, 2, 1);
const isoDay = (rand: () => number, spreadDays: number): string =>
  new Date(BASE_DATE + Math.floor(rand() * spreadDays) * 86_400_000 + Math.floor(rand() * 86_400) * 1000).toISOString();

export function makeWorker(rand: () => number, name: string): CfSimWorker {
  const created = isoDay(rand, 300);
  return {
    id: name,
    tag: hex(rand, 32),
    created_on: created,
    modified_on: new Date(Date.parse(created) + Math.floor(rand() * 90) * 86_400_000).toISOString(),
    usage_model: rand() < 0.8 ? 'standard' : 'bundled',
    compatibility_date: `2024-0${1 + Math.floor(rand() * 9)}-1${Math.floor(rand() * 9)}`,
    handlers: rand() < 0.2 ? ['fetch', 'scheduled'] : ['fetch'],
    etag: hex(rand, 64),
    ratePerMin: Math.round(2 + rand() * 400),
    errorRate: rand() < 0.3 ? rand() * 0.05 : rand() * 0.005,
    subrequestsPerRequest: Math.round(rand() * 30) / 10,
    cpuP50Us: Math.round(800 + rand() * 9000),
  };
}

export function makeBucket(rand: () => number, name: string): CfSimBucket {
  return {
    name,
    creation_date: isoDay(rand, 400),
    location: LOCATIONS[Math.floor(rand() * LOCATIONS.length)]!,
    storage_class: rand() < 0.85 ? 'Standard' : 'InfrequentAccess',
    jurisdiction: rand() < 0.1 ? 'eu' : 'default',
    opsPerHour: Math.round(10 + rand() * 20_000),
    objects: Math.round(10 + rand() * 500_000),
    bytes: Math.round(1e6 + rand() * 5e11),
  };
}

export function makeAccount(rand: () => number, index: number, workers: number, buckets: number): CfSimAccount {
  const name = index === 0 ? 'Acme Corp' : `Account ${index + 1}`;
  const used = new Set<string>();
  const uniqueName = (suffix: string): string => {
    for (;;) {
      const n = `${WORDS[Math.floor(rand() * WORDS.length)]}-${suffix}${used.size > WORDS.length ? `-${used.size}` : ''}`;
      if (!used.has(n)) {
        used.add(n);
        return n;
      }
    }
  };
  return {
    id: hex(rand, 32),
    name,
    type: index % 7 === 3 ? 'enterprise' : 'standard',
    created_on: isoDay(rand, 200),
    workers: Array.from({ length: workers }, () => makeWorker(rand, uniqueName('worker'))),
    buckets: Array.from({ length: buckets }, () => makeBucket(rand, uniqueName('bucket'))),
    r2Enabled: true,
    unavailableDatasets: new Set(),
  };
}

export function makeTokenValue(rand: () => number): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
  let s = '';
  for (let i = 0; i < 40; i++) s += chars[Math.floor(rand() * chars.length)];
  return s;
}

// ---------------------------------------------------------------------------------------------
// Analytics values

/** A stable pseudo-random number in [0, 1) for (seed, key, t). */
export function noise(seed: number, key: string, t: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  h = Math.imul(h ^ Math.floor(t / 1000), 0x01000193);
  return seededRandom(h)();
}

/** Daily traffic shape: quiet at night (UTC), busy in the afternoon. */
export function diurnal(t: number): number {
  const hour = (t % 86_400_000) / 3_600_000;
  return 0.55 + 0.45 * Math.sin(((hour - 9) / 24) * 2 * Math.PI);
}

interface WorkerGroup {
  requests: number;
  errors: number;
  subrequests: number;
  cpuTimeP50: number;
  cpuTimeP99: number;
}

/** Invocations of `w` in [t, t + stepMs). */
export function workerGroup(seed: number, w: CfSimWorker, t: number, stepMs: number): WorkerGroup {
  const n = noise(seed, w.id, t);
  const requests = Math.round(w.ratePerMin * (stepMs / 60_000) * diurnal(t) * (0.7 + 0.6 * n));
  const errors = Math.round(requests * w.errorRate * (0.5 + n));
  const subrequests = Math.round(requests * w.subrequestsPerRequest);
  const p50 = Math.round(w.cpuP50Us * (0.85 + 0.3 * n) * 100) / 100;
  const p99 = Math.round(p50 * (2.5 + 4 * noise(seed, `${w.id}:p99`, t)) * 100) / 100;
  return { requests, errors, subrequests, cpuTimeP50: p50, cpuTimeP99: p99 };
}

export function bucketOps(seed: number, b: CfSimBucket, t: number, stepMs: number): number {
  return Math.round(b.opsPerHour * (stepMs / 3_600_000) * diurnal(t) * (0.6 + 0.8 * noise(seed, b.name, t)));
}
