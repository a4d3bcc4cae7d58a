/**
 * RunPod simulator data: data centers, GPU types with per-data-center stock, pods. Shapes follow
 * test/fixtures/specs/runpod/openapi-v2.json; the numbers are realistic, not real.
 */
export type Level = 'NONE' | 'LOW' | 'MEDIUM' | 'HIGH';
export type Tier = 'SECURE' | 'COMMUNITY';
export const LEVELS: readonly Level[] = ['NONE', 'LOW', 'MEDIUM', 'HIGH'];
export const TIERS: readonly Tier[] = ['SECURE', 'COMMUNITY'];

export interface SimDataCenter {
  id: string;
  name: string;
  /** DataCenterRegion enum. */
  region: string;
  /** ISO country (not part of the v2 DataCenter schema; used for countryCodes filtering). */
  country: string;
  compliance: string[];
  networkVolumeTypes: string[];
  globalNetwork: boolean;
}

interface SimStock {
  level: Level;
  /** Largest number of GPUs free on one machine: requests for more GPUs see NONE there. */
  free: number;
}

export interface SimGpuType {
  id: string;
  name: string;
  pool: string | null;
  manufacturer: 'NVIDIA' | 'AMD' | 'UNKNOWN';
  memory: number;
  /** List $/GPU-h; 0 where the tier is not offered. */
  price: { secure: number; community: number; serverless?: number };
  /** Spot (interruptible) $/GPU-h, served only through GraphQL (v2 has no spot price). */
  spot: { secure?: number; community?: number };
  maxCount: { secure: number; community: number };
  cudaVersions: string[];
  stock: Record<Tier, Record<string, SimStock>>;
}

export const DATA_CENTERS: SimDataCenter[] = [
  dc('US-KS-2', 'US Kansas 2', 'NORTH_AMERICA', 'US', ['SOC_2_TYPE_2']),
  dc('US-TX-3', 'US Texas 3', 'NORTH_AMERICA', 'US', ['SOC_2_TYPE_2', 'ISO_IEC_27001']),
  dc('US-GA-1', 'US Georgia 1', 'NORTH_AMERICA', 'US', []),
  dc('US-CA-2', 'US California 2', 'NORTH_AMERICA', 'US', ['SOC_2_TYPE_2']),
  dc('US-IL-1', 'US Illinois 1', 'NORTH_AMERICA', 'US', []),
  dc('CA-MTL-1', 'Canada Montreal 1', 'NORTH_AMERICA', 'CA', ['RENEWABLE']),
  dc('EU-RO-1', 'Europe Romania 1', 'EUROPE', 'RO', ['GDPR']),
  dc('EU-SE-1', 'Europe Sweden 1', 'EUROPE', 'SE', ['GDPR', 'RENEWABLE']),
  dc('EU-NL-1', 'Europe Netherlands 1', 'EUROPE', 'NL', ['GDPR', 'ISO_IEC_27001']),
  dc('EU-CZ-1', 'Europe Czechia 1', 'EUROPE', 'CZ', ['GDPR']),
  dc('EU-FR-1', 'Europe France 1', 'EUROPE', 'FR', ['GDPR']),
  dc('EUR-IS-1', 'Europe Iceland 1', 'EUROPE', 'IS', ['GDPR', 'RENEWABLE']),
  dc('AP-JP-1', 'Asia Pacific Japan 1', 'ASIA', 'JP', []),
  dc('OC-AU-1', 'Oceania Australia 1', 'OCEANIA', 'AU', []),
];

function dc(id: string, name: string, region: string, country: string, compliance: string[]): SimDataCenter {
  return {
    id,
    name,
    region,
    country,
    compliance,
    networkVolumeTypes: ['STANDARD'],
    globalNetwork: region !== 'OCEANIA',
  };
}

const CUDA_NEW = ['12.4', '12.6', '12.8', '12.9'];
const CUDA_BLACKWELL = ['12.8', '12.9'];

interface TypeSeed {
  id: string;
  name: string;
  pool: string | null;
  manufacturer?: 'NVIDIA' | 'AMD';
  memory: number;
  secure: number;
  community: number;
  serverless?: number;
  spotSecure?: number;
  spotCommunity?: number;
  maxSecure: number;
  maxCommunity: number;
  cuda?: string[];
  /** 0..1: how often the demo has it in stock. */
  plenty: number;
}

/** The demo catalogue: the GPUs people actually watch RunPod for, with 2026-ish list prices. */
export const DEMO_TYPES: TypeSeed[] = [
  {
    id: 'NVIDIA H100 80GB HBM3',
    name: 'H100 SXM',
    pool: 'ADA_80_PRO',
    memory: 80,
    secure: 2.69,
    community: 2.39,
    serverless: 4.18,
    spotSecure: 1.75,
    spotCommunity: 1.55,
    maxSecure: 8,
    maxCommunity: 8,
    plenty: 0.45,
  },
  {
    id: 'NVIDIA H100 PCIe',
    name: 'H100 PCIe',
    pool: 'ADA_80_PRO',
    memory: 80,
    secure: 2.39,
    community: 1.99,
    serverless: 4.18,
    spotSecure: 1.45,
    spotCommunity: 1.25,
    maxSecure: 8,
    maxCommunity: 4,
    plenty: 0.5,
  },
  {
    id: 'NVIDIA H100 NVL',
    name: 'H100 NVL',
    pool: null,
    memory: 94,
    secure: 2.79,
    community: 2.59,
    spotSecure: 1.79,
    maxSecure: 8,
    maxCommunity: 2,
    plenty: 0.4,
  },
  {
    id: 'NVIDIA H200',
    name: 'H200 SXM',
    pool: 'HOPPER_141',
    memory: 141,
    secure: 3.99,
    community: 3.59,
    serverless: 5.58,
    spotSecure: 2.89,
    spotCommunity: 2.49,
    maxSecure: 8,
    maxCommunity: 8,
    plenty: 0.3,
  },
  {
    id: 'NVIDIA B200',
    name: 'B200',
    pool: null,
    memory: 180,
    secure: 5.99,
    community: 0,
    spotSecure: 4.49,
    maxSecure: 8,
    maxCommunity: 0,
    cuda: CUDA_BLACKWELL,
    plenty: 0.2,
  },
  {
    id: 'NVIDIA A100 80GB PCIe',
    name: 'A100 PCIe',
    pool: 'AMPERE_80',
    memory: 80,
    secure: 1.64,
    community: 1.19,
    serverless: 2.72,
    spotSecure: 0.82,
    spotCommunity: 0.6,
    maxSecure: 8,
    maxCommunity: 8,
    plenty: 0.55,
  },
  {
    id: 'NVIDIA A100-SXM4-80GB',
    name: 'A100 SXM',
    pool: 'AMPERE_80',
    memory: 80,
    secure: 1.74,
    community: 1.39,
    serverless: 2.72,
    spotSecure: 0.95,
    spotCommunity: 0.79,
    maxSecure: 8,
    maxCommunity: 8,
    plenty: 0.5,
  },
  {
    id: 'NVIDIA L40S',
    name: 'L40S',
    pool: 'ADA_48_PRO',
    memory: 48,
    secure: 0.86,
    community: 0.79,
    serverless: 1.9,
    spotSecure: 0.53,
    spotCommunity: 0.47,
    maxSecure: 8,
    maxCommunity: 4,
    plenty: 0.7,
  },
  {
    id: 'NVIDIA GeForce RTX 4090',
    name: 'RTX 4090',
    pool: 'ADA_24',
    memory: 24,
    secure: 0.69,
    community: 0.34,
    serverless: 1.1,
    spotSecure: 0.35,
    spotCommunity: 0.2,
    maxSecure: 8,
    maxCommunity: 8,
    plenty: 0.8,
  },
  {
    id: 'NVIDIA GeForce RTX 5090',
    name: 'RTX 5090',
    pool: null,
    memory: 32,
    secure: 0.94,
    community: 0.69,
    spotSecure: 0.6,
    spotCommunity: 0.45,
    maxSecure: 8,
    maxCommunity: 4,
    cuda: CUDA_BLACKWELL,
    plenty: 0.6,
  },
  {
    id: 'NVIDIA RTX A6000',
    name: 'RTX A6000',
    pool: 'AMPERE_48',
    memory: 48,
    secure: 0.49,
    community: 0.33,
    serverless: 1.22,
    spotSecure: 0.25,
    spotCommunity: 0.17,
    maxSecure: 8,
    maxCommunity: 8,
    plenty: 0.8,
  },
  {
    id: 'NVIDIA RTX 6000 Ada Generation',
    name: 'RTX 6000 Ada',
    pool: 'ADA_48_PRO',
    memory: 48,
    secure: 0.77,
    community: 0.74,
    serverless: 1.9,
    spotSecure: 0.5,
    spotCommunity: 0.46,
    maxSecure: 8,
    maxCommunity: 4,
    plenty: 0.65,
  },
  {
    id: 'NVIDIA RTX PRO 6000 Blackwell Server Edition',
    name: 'RTX PRO 6000',
    pool: null,
    memory: 96,
    secure: 1.84,
    community: 1.69,
    spotSecure: 1.2,
    maxSecure: 8,
    maxCommunity: 2,
    cuda: CUDA_BLACKWELL,
    plenty: 0.45,
  },
  {
    id: 'AMD Instinct MI300X OAM',
    name: 'MI300X',
    pool: null,
    manufacturer: 'AMD',
    memory: 192,
    secure: 2.49,
    community: 0,
    spotSecure: 1.49,
    maxSecure: 8,
    maxCommunity: 0,
    cuda: [],
    plenty: 0.4,
  },
  {
    id: 'NVIDIA L4',
    name: 'L4',
    pool: 'ADA_24',
    memory: 24,
    secure: 0.43,
    community: 0.28,
    serverless: 0.69,
    spotSecure: 0.22,
    spotCommunity: 0.16,
    maxSecure: 8,
    maxCommunity: 4,
    plenty: 0.75,
  },
  {
    id: 'NVIDIA A40',
    name: 'A40',
    pool: 'AMPERE_48',
    memory: 48,
    secure: 0.4,
    community: 0.35,
    spotSecure: 0.2,
    spotCommunity: 0.18,
    maxSecure: 8,
    maxCommunity: 8,
    plenty: 0.7,
  },
  {
    id: 'NVIDIA GeForce RTX 3090',
    name: 'RTX 3090',
    pool: 'AMPERE_24',
    memory: 24,
    secure: 0.46,
    community: 0.22,
    serverless: 0.69,
    spotSecure: 0.23,
    spotCommunity: 0.11,
    maxSecure: 8,
    maxCommunity: 8,
    plenty: 0.85,
  },
  {
    id: 'NVIDIA RTX A4000',
    name: 'RTX A4000',
    pool: 'AMPERE_16',
    memory: 16,
    secure: 0.25,
    community: 0.17,
    serverless: 0.58,
    spotSecure: 0.13,
    spotCommunity: 0.09,
    maxSecure: 8,
    maxCommunity: 8,
    plenty: 0.85,
  },
  {
    id: 'NVIDIA RTX A5000',
    name: 'RTX A5000',
    pool: 'AMPERE_24',
    memory: 24,
    secure: 0.29,
    community: 0.16,
    serverless: 0.69,
    spotSecure: 0.15,
    spotCommunity: 0.09,
    maxSecure: 8,
    maxCommunity: 8,
    plenty: 0.85,
  },
];

export function gpuTypeFromSeed(s: TypeSeed): SimGpuType {
  return {
    id: s.id,
    name: s.name,
    pool: s.pool,
    manufacturer: s.manufacturer ?? 'NVIDIA',
    memory: s.memory,
    price: {
      secure: s.secure,
      community: s.community,
      ...(s.serverless !== undefined ? { serverless: s.serverless } : {}),
    },
    spot: {
      ...(s.spotSecure !== undefined ? { secure: s.spotSecure } : {}),
      ...(s.spotCommunity !== undefined ? { community: s.spotCommunity } : {}),
    },
    maxCount: { secure: s.maxSecure, community: s.maxCommunity },
    cudaVersions: s.cuda ?? CUDA_NEW,
    stock: { SECURE: {}, COMMUNITY: {} },
  };
}

/** Typical free block for a stock level, capped by the largest machine. */
export function freeFor(level: Level, max: number): number {
  switch (level) {
    case 'HIGH':
      return max;
    case 'MEDIUM':
      return Math.max(1, Math.min(max, 4));
    case 'LOW':
      return 1;
    default:
      return 0;
  }
}

export interface SimPod {
  [k: string]: unknown;
  id: string;
  name: string;
  status: string;
  cost: number;
}

/** A Pod with every field the v2 schema requires; `over` replaces fields. */
export function makePod(over: Partial<SimPod> & { id: string }): SimPod {
  const running = (over.status ?? 'RUNNING') === 'RUNNING';
  return {
    name: `pod-${over.id}`,
    image: 'runpod/pytorch:1.0.2-cu1281-torch280-ubuntu2404',
    args: '',
    disk: 50,
    ports: ['8888/http', '22/tcp'],
    env: { JUPYTER_PASSWORD: 'sim-secret-never-shown' },
    registry: null,
    status: 'RUNNING',
    actions: running ? ['stop', 'restart', 'terminate'] : ['start', 'terminate'],
    mounts: { persistent: { size: 20, path: '/workspace' } },
    gpu: { id: 'NVIDIA GeForce RTX 4090', count: 1 },
    cloud: 'SECURE',
    dataCenterId: 'US-KS-2',
    cudaVersion: '12.8',
    ssh: {
      proxy: {
        host: 'ssh.runpod.io',
        port: 22,
        username: `${over.id}-64411eb2`,
        command: `ssh ${over.id}-64411eb2@ssh.runpod.io`,
      },
      direct: running
        ? { host: '195.26.233.3', port: 34446, username: 'root', command: 'ssh root@195.26.233.3 -p 34446' }
        : null,
    },
    template: null,
    cost: running ? 0.69 : 0,
    locked: false,
    globalNetworking: { enabled: false },
    runtime: running
      ? {
          uptime: 3600,
          gpus: [{ util: 94, memoryUtil: 78 }],
          cpu: { util: 45 },
          memory: { util: 60 },
          ports: [{ private: 22, public: 34446, type: 'tcp', ip: '195.26.233.3' }],
        }
      : null,
    createdAt: '2026-06-01T12:00:00Z',
    startedAt: running ? '2026-06-01T12:02:00Z' : null,
    ...over,
  };
}
