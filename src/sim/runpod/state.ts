/**
 * Mutable simulator state plus the scenario API tests use: add/remove GPU types, set stock per data
 * center and tier, move prices, manage pods, keys and the rate-limit policy. Demo churn lives here too.
 */
import {
  DATA_CENTERS,
  DEMO_TYPES,
  LEVELS,
  TIERS,
  freeFor,
  gpuTypeFromSeed,
  makePod,
  type Level,
  type SimDataCenter,
  type SimGpuType,
  type SimPod,
  type Tier,
} from './data';

export interface RateWindowPolicy {
  name: string;
  quota: number;
  windowSec: number;
}

/** The spec's example policy (openapi-v2.json components.schemas.RateLimitPolicyHeader). */
export const DEFAULT_POLICY: RateWindowPolicy[] = [
  { name: 'minute', quota: 60, windowSec: 60 },
  { name: 'hour', quota: 3000, windowSec: 3600 },
  { name: 'day', quota: 50000, windowSec: 86400 },
];

export interface KeyAccess {
  /** Path prefixes this key gets 403 for (a key created without that permission). */
  deny?: string[];
}

export interface NewGpuType {
  id: string;
  name: string;
  memory: number;
  manufacturer?: SimGpuType['manufacturer'];
  pool?: string | null;
  price: SimGpuType['price'];
  spot?: SimGpuType['spot'];
  maxCount?: SimGpuType['maxCount'];
  cudaVersions?: string[];
}

export class RunpodScenario {
  readonly gpuTypes = new Map<string, SimGpuType>();
  pods: SimPod[] = [];
  dataCenters: SimDataCenter[] = DATA_CENTERS.map((d) => ({ ...d }));
  readonly keys = new Map<string, KeyAccess>();
  policy: RateWindowPolicy[] = DEFAULT_POLICY.map((p) => ({ ...p }));
  /** When false, /graphql answers 404 (as it will after RunPod retires it in early 2027). */
  graphqlEnabled = true;
  /** Bumped by every mutation (handy for tests that wait for churn). */
  version = 0;

  constructor(private readonly random: () => number) {}

  // ---- GPU types ------------------------------------------------------------------------------
  addGpuType(t: NewGpuType): SimGpuType {
    const full: SimGpuType = {
      id: t.id,
      name: t.name,
      pool: t.pool ?? null,
      manufacturer: t.manufacturer ?? 'NVIDIA',
      memory: t.memory,
      price: { ...t.price },
      spot: { ...(t.spot ?? {}) },
      maxCount: t.maxCount ?? { secure: t.price.secure > 0 ? 8 : 0, community: t.price.community > 0 ? 8 : 0 },
      cudaVersions: t.cudaVersions ?? (t.manufacturer === 'AMD' ? [] : ['12.4', '12.6', '12.8']),
      stock: { SECURE: {}, COMMUNITY: {} },
    };
    this.gpuTypes.set(full.id, full);
    this.version++;
    return full;
  }

  removeGpuType(id: string): void {
    this.gpuTypes.delete(id);
    this.version++;
  }

  /** Stock of one GPU type in one data center and tier; `free` defaults from the level. */
  setStock(id: string, tier: Tier, dataCenterId: string, level: Level, free?: number): void {
    const t = this.need(id);
    const max = tier === 'SECURE' ? t.maxCount.secure : t.maxCount.community;
    t.stock[tier][dataCenterId] = { level, free: free ?? freeFor(level, max) };
    this.version++;
  }

  /** Removes a data center from a GPU type's list (the configuration is no longer offered there). */
  removeStock(id: string, tier: Tier, dataCenterId: string): void {
    delete this.need(id).stock[tier][dataCenterId];
    this.version++;
  }

  /** Every listed data center of one type (or all types) to NONE. */
  sellOut(id?: string): void {
    for (const t of id ? [this.need(id)] : this.gpuTypes.values())
      for (const tier of TIERS)
        for (const s of Object.values(t.stock[tier])) Object.assign(s, { level: 'NONE', free: 0 });
    this.version++;
  }

  setPrice(id: string, price: Partial<SimGpuType['price']>, spot?: Partial<SimGpuType['spot']>): void {
    const t = this.need(id);
    Object.assign(t.price, price);
    if (spot) Object.assign(t.spot, spot);
    this.version++;
  }

  /** Multiplies list and spot prices (of one type or all) by `factor`, rounded to cents. */
  movePrices(factor: number, id?: string): void {
    for (const t of id ? [this.need(id)] : this.gpuTypes.values()) scalePrices(t, factor);
    this.version++;
  }

  // ---- pods -----------------------------------------------------------------------------------
  addPod(pod: Partial<SimPod> & { id: string }): SimPod {
    const p = makePod(pod);
    this.pods = [...this.pods.filter((x) => x.id !== p.id), p];
    this.version++;
    return p;
  }

  removePod(id: string): void {
    this.pods = this.pods.filter((p) => p.id !== id);
    this.version++;
  }

  setPodStatus(id: string, status: string): void {
    const p = this.pods.find((x) => x.id === id);
    if (!p) throw new Error(`runpod sim: no pod ${id}`);
    const running = status === 'RUNNING';
    const template = makePod({ id: p.id, status });
    p.status = status;
    p.actions = template.actions;
    p.cost = running ? p.cost || 0.69 : 0;
    p.runtime = running ? template.runtime : null;
    p.startedAt = running ? new Date().toISOString() : null;
    p.ssh = template.ssh;
    this.version++;
  }

  // ---- auth and limits ------------------------------------------------------------------------
  addKey(key: string, access: KeyAccess = {}): void {
    this.keys.set(key, access);
  }

  setRateLimitPolicy(policy: RateWindowPolicy[]): void {
    this.policy = policy.map((p) => ({ ...p }));
    this.version++;
  }

  // ---- demo -----------------------------------------------------------------------------------
  /** Fills the demo catalogue: every type in 2-5 secure and 0-3 community data centers. */
  loadDemo(): void {
    for (const seed of DEMO_TYPES) {
      const t = gpuTypeFromSeed(seed);
      this.gpuTypes.set(t.id, t);
      for (const tier of TIERS) {
        const max = tier === 'SECURE' ? t.maxCount.secure : t.maxCount.community;
        if (max <= 0) continue;
        const n = tier === 'SECURE' ? 2 + Math.floor(this.random() * 4) : Math.floor(this.random() * 4);
        for (const d of this.pick(this.dataCenters, n)) {
          const level = this.randomLevel(seed.plenty);
          t.stock[tier][d.id] = { level, free: freeFor(level, max) };
        }
      }
    }
    this.pods = [
      makePod({
        id: 'k3j9x2m7q1',
        name: 'llm-finetune',
        gpu: { id: 'NVIDIA H100 80GB HBM3', count: 8 },
        cost: 21.52,
        dataCenterId: 'US-KS-2',
      }),
      makePod({
        id: 'p8w4n1c6z0',
        name: 'sd-xl-render',
        gpu: { id: 'NVIDIA GeForce RTX 4090', count: 1 },
        cost: 0.69,
        dataCenterId: 'EU-RO-1',
      }),
      makePod({
        id: 'r2t5y8u1i4',
        name: 'notebook',
        status: 'EXITED',
        gpu: { id: 'NVIDIA RTX A6000', count: 1 },
        cloud: 'COMMUNITY',
        dataCenterId: 'EU-SE-1',
      }),
    ];
    this.version++;
  }

  /** One churn step: stock levels drift a step, prices move a few percent, running pods age. */
  tick(): void {
    for (const t of this.gpuTypes.values()) {
      for (const tier of TIERS) {
        const max = tier === 'SECURE' ? t.maxCount.secure : t.maxCount.community;
        for (const s of Object.values(t.stock[tier])) {
          if (this.random() >= 0.2) continue;
          const i = LEVELS.indexOf(s.level);
          const next = LEVELS[Math.max(0, Math.min(LEVELS.length - 1, i + (this.random() < 0.5 ? -1 : 1)))]!;
          s.level = next;
          s.free = freeFor(next, max);
        }
      }
      if (this.random() < 0.15) scalePrices(t, 1 + (this.random() * 0.08 - 0.04));
    }
    for (const p of this.pods) {
      const rt = p.runtime as { uptime?: number; gpus?: { util: number; memoryUtil: number }[] } | null;
      if (p.status !== 'RUNNING' || !rt) continue;
      rt.uptime = (rt.uptime ?? 0) + 15;
      rt.gpus = (rt.gpus ?? [{ util: 0, memoryUtil: 0 }]).map(() => ({
        util: Math.round(40 + this.random() * 60),
        memoryUtil: Math.round(30 + this.random() * 60),
      }));
    }
    this.version++;
  }

  private randomLevel(plenty: number): Level {
    const r = this.random();
    if (r > plenty) return r > plenty + (1 - plenty) / 2 ? 'NONE' : 'LOW';
    return r < plenty / 2 ? 'HIGH' : 'MEDIUM';
  }

  private pick<T>(items: readonly T[], n: number): T[] {
    const copy = [...items];
    const out: T[] = [];
    while (out.length < n && copy.length > 0) out.push(copy.splice(Math.floor(this.random() * copy.length), 1)[0]!);
    return out;
  }

  private need(id: string): SimGpuType {
    const t = this.gpuTypes.get(id);
    if (!t) throw new Error(`runpod sim: no GPU type ${id}`);
    return t;
  }
}

const cents = (n: number): number => Math.round(n * 100) / 100;

function scalePrices(t: SimGpuType, factor: number): void {
  t.price.secure = cents(t.price.secure * factor);
  t.price.community = cents(t.price.community * factor);
  if (t.spot.secure !== undefined) t.spot.secure = cents(t.spot.secure * factor);
  if (t.spot.community !== undefined) t.spot.community = cents(t.spot.community * factor);
}

/** The deterministic `default` scenario the contract tests start from. */
export function loadDefault(s: RunpodScenario): void {
  s.addGpuType({
    id: 'NVIDIA H100 80GB HBM3',
    name: 'H100 SXM',
    pool: 'ADA_80_PRO',
    memory: 80,
    price: { secure: 2.69, community: 2.39, serverless: 4.18 },
    spot: { secure: 1.75, community: 1.55 },
  });
  s.setStock('NVIDIA H100 80GB HBM3', 'SECURE', 'US-KS-2', 'HIGH');
  s.setStock('NVIDIA H100 80GB HBM3', 'SECURE', 'EU-RO-1', 'LOW');
  s.setStock('NVIDIA H100 80GB HBM3', 'COMMUNITY', 'EU-SE-1', 'MEDIUM');

  s.addGpuType({
    id: 'NVIDIA GeForce RTX 4090',
    name: 'RTX 4090',
    pool: 'ADA_24',
    memory: 24,
    price: { secure: 0.69, community: 0.34 },
    spot: { community: 0.2 },
  });
  s.setStock('NVIDIA GeForce RTX 4090', 'SECURE', 'US-TX-3', 'HIGH');
  s.setStock('NVIDIA GeForce RTX 4090', 'COMMUNITY', 'CA-MTL-1', 'LOW');
  s.setStock('NVIDIA GeForce RTX 4090', 'COMMUNITY', 'EUR-IS-1', 'HIGH');

  s.addGpuType({
    id: 'NVIDIA A100 80GB PCIe',
    name: 'A100 PCIe',
    pool: 'AMPERE_80',
    memory: 80,
    price: { secure: 1.64, community: 1.19 },
  });
  s.setStock('NVIDIA A100 80GB PCIe', 'SECURE', 'US-GA-1', 'NONE');
  s.setStock('NVIDIA A100 80GB PCIe', 'SECURE', 'EU-NL-1', 'NONE');

  s.addGpuType({
    id: 'AMD Instinct MI300X OAM',
    name: 'MI300X',
    manufacturer: 'AMD',
    memory: 192,
    price: { secure: 2.49, community: 0 },
    maxCount: { secure: 8, community: 0 },
  });
  s.setStock('AMD Instinct MI300X OAM', 'SECURE', 'US-TX-3', 'MEDIUM', 8);

  s.addPod({
    id: 'h100run01',
    name: 'train-llama',
    gpu: { id: 'NVIDIA H100 80GB HBM3', count: 1 },
    cost: 2.69,
    dataCenterId: 'US-KS-2',
  });
  s.addPod({ id: 'rtxexit02', name: 'old-notebook', status: 'EXITED', cloud: 'COMMUNITY', dataCenterId: 'EUR-IS-1' });
  s.addPod({
    id: 'cpuonly03',
    name: 'cpu-worker',
    gpu: undefined,
    cpu: { id: 'cpu5c', vcpuCount: 4, memory: 8 },
    cudaVersion: null,
    mounts: {},
    runtime: { uptime: 7200, cpu: { util: 20 }, memory: { util: 35 }, ports: [] },
    cost: 0.06,
    dataCenterId: 'EU-RO-1',
  });
}
