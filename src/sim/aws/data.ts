/**
 * Seed data for the AWS simulator. Instance-type facts (GPU name, count, memory, vCPUs) are those
 * DescribeInstanceTypes reports for these types; prices are round figures in the range of the
 * public list prices (the simulator is not a price source).
 */

export const SIM_ACCESS_KEY_ID = 'AKIASIMULATOR7EXAMPLE';
/** 40 characters, like a real secret access key; the conformance suite looks for it everywhere. */
export const SIM_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSIMULATOR1';
export const SIM_ACCOUNT_ID = '123456789012';

export interface SimRegion {
  name: string;
  /** AZ name → AZ id (ids are the same for every account; names are mapped per account). */
  zones: [string, string][];
  /** Multiplier on the us-east-1 prices. */
  priceFactor: number;
}

export const SIM_REGIONS: SimRegion[] = [
  {
    name: 'us-east-1',
    zones: [
      ['us-east-1a', 'use1-az6'],
      ['us-east-1b', 'use1-az1'],
      ['us-east-1c', 'use1-az2'],
      ['us-east-1d', 'use1-az4'],
    ],
    priceFactor: 1,
  },
  {
    name: 'us-east-2',
    zones: [
      ['us-east-2a', 'use2-az1'],
      ['us-east-2b', 'use2-az2'],
      ['us-east-2c', 'use2-az3'],
    ],
    priceFactor: 1,
  },
  {
    name: 'us-west-2',
    zones: [
      ['us-west-2a', 'usw2-az2'],
      ['us-west-2b', 'usw2-az1'],
      ['us-west-2c', 'usw2-az3'],
      ['us-west-2d', 'usw2-az4'],
    ],
    priceFactor: 1,
  },
  {
    name: 'eu-west-1',
    zones: [
      ['eu-west-1a', 'euw1-az3'],
      ['eu-west-1b', 'euw1-az1'],
      ['eu-west-1c', 'euw1-az2'],
    ],
    priceFactor: 1.1,
  },
];
/** Listed by DescribeRegions but not enabled for the simulated account. */
export const SIM_NOT_OPTED_IN = ['af-south-1'];

export interface SimGpu {
  name: string;
  manufacturer: string;
  count: number;
  memoryMiB: number;
}

export interface SimInstanceType {
  type: string;
  vcpus: number;
  memoryMiB: number;
  gpu?: SimGpu;
  /** us-east-1 Linux on-demand $/h. */
  onDemand?: number;
  /** Which AZ indexes of each region offer it (by region name); absent = not offered there. */
  zones: Record<string, number[]>;
}

export const SIM_INSTANCE_TYPES: SimInstanceType[] = [
  {
    type: 'p5.48xlarge',
    vcpus: 192,
    memoryMiB: 2097152,
    gpu: { name: 'H100', manufacturer: 'NVIDIA', count: 8, memoryMiB: 81920 },
    onDemand: 55.04,
    zones: { 'us-east-1': [0, 3], 'us-east-2': [1], 'us-west-2': [1, 3] },
  },
  {
    type: 'p5e.48xlarge',
    vcpus: 192,
    memoryMiB: 2097152,
    gpu: { name: 'H200', manufacturer: 'NVIDIA', count: 8, memoryMiB: 144384 },
    onDemand: 63.3,
    zones: { 'us-east-2': [0], 'us-west-2': [2] },
  },
  {
    type: 'p4d.24xlarge',
    vcpus: 96,
    memoryMiB: 1179648,
    gpu: { name: 'A100', manufacturer: 'NVIDIA', count: 8, memoryMiB: 40960 },
    onDemand: 21.96,
    zones: { 'us-east-1': [0, 1, 2], 'us-west-2': [0, 1, 2], 'eu-west-1': [0, 2] },
  },
  {
    type: 'g6e.xlarge',
    vcpus: 4,
    memoryMiB: 32768,
    gpu: { name: 'L40S', manufacturer: 'NVIDIA', count: 1, memoryMiB: 46068 },
    onDemand: 1.861,
    zones: { 'us-east-1': [0, 1, 2, 3], 'us-east-2': [0, 1], 'us-west-2': [0, 1, 2], 'eu-west-1': [1] },
  },
  {
    type: 'g6.xlarge',
    vcpus: 4,
    memoryMiB: 16384,
    gpu: { name: 'L4', manufacturer: 'NVIDIA', count: 1, memoryMiB: 22888 },
    onDemand: 0.8048,
    zones: { 'us-east-1': [0, 1, 2, 3], 'us-east-2': [0, 1, 2], 'us-west-2': [0, 1, 2, 3], 'eu-west-1': [0, 1, 2] },
  },
  {
    type: 'g5.xlarge',
    vcpus: 4,
    memoryMiB: 16384,
    gpu: { name: 'A10G', manufacturer: 'NVIDIA', count: 1, memoryMiB: 24576 },
    onDemand: 1.006,
    zones: { 'us-east-1': [0, 1, 2, 3], 'us-east-2': [0, 1, 2], 'us-west-2': [0, 1, 2, 3], 'eu-west-1': [0, 1, 2] },
  },
  { type: 'm7i.large', vcpus: 2, memoryMiB: 8192, onDemand: 0.1008, zones: {} },
  { type: 't3.micro', vcpus: 2, memoryMiB: 1024, onDemand: 0.0104, zones: {} },
];

export interface SimInstance {
  id: string;
  region: string;
  az: string;
  type: string;
  state: 'pending' | 'running' | 'stopping' | 'stopped' | 'shutting-down' | 'terminated';
  name?: string;
  spot?: boolean;
  launchTime: string;
}

export const STATE_CODES: Record<SimInstance['state'], number> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

export const SIM_INSTANCES: SimInstance[] = [
  {
    id: 'i-0a1b2c3d4e5f60001',
    region: 'us-east-1',
    az: 'us-east-1a',
    type: 'p5.48xlarge',
    state: 'running',
    name: 'train-h100',
    launchTime: '2026-11-30T08:00:00.000Z',
  },
  {
    id: 'i-0a1b2c3d4e5f60002',
    region: 'us-east-1',
    az: 'us-east-1b',
    type: 'g6e.xlarge',
    state: 'running',
    name: 'infer-l40s',
    spot: true,
    launchTime: '2026-12-01T10:30:00.000Z',
  },
  {
    id: 'i-0a1b2c3d4e5f60003',
    region: 'us-east-1',
    az: 'us-east-1c',
    type: 'm7i.large',
    state: 'running',
    name: 'bastion',
    launchTime: '2026-10-02T12:00:00.000Z',
  },
  {
    id: 'i-0a1b2c3d4e5f60004',
    region: 'us-east-1',
    az: 'us-east-1a',
    type: 't3.micro',
    state: 'stopped',
    launchTime: '2026-09-15T09:00:00.000Z',
  },
  {
    id: 'i-0a1b2c3d4e5f60005',
    region: 'us-west-2',
    az: 'us-west-2b',
    type: 'g5.xlarge',
    state: 'running',
    name: 'notebook',
    launchTime: '2026-12-04T16:00:00.000Z',
  },
  {
    id: 'i-0a1b2c3d4e5f60006',
    region: 'eu-west-1',
    az: 'eu-west-1a',
    type: 'g6.xlarge',
    state: 'pending',
    name: 'eu-infer',
    launchTime: '2026-12-06T09:55:00.000Z',
  },
];

/** Service Quotas values (vCPUs) per region: [P on-demand, P spot, G on-demand, G spot]. */
export const SIM_QUOTAS: Record<string, Record<string, number>> = {
  'us-east-1': { 'L-417A185B': 384, 'L-7212CCBC': 192, 'L-DB2E81BA': 64, 'L-3819A6DF': 64 },
  'us-east-2': { 'L-417A185B': 0, 'L-7212CCBC': 0, 'L-DB2E81BA': 32, 'L-3819A6DF': 32 },
  'us-west-2': { 'L-417A185B': 192, 'L-7212CCBC': 96, 'L-DB2E81BA': 128, 'L-3819A6DF': 64 },
  'eu-west-1': { 'L-417A185B': 96, 'L-7212CCBC': 0, 'L-DB2E81BA': 16, 'L-3819A6DF': 8 },
};
export const QUOTA_NAMES: Record<string, string> = {
  'L-417A185B': 'Running On-Demand P instances',
  'L-7212CCBC': 'All P Spot Instance Requests',
  'L-DB2E81BA': 'Running On-Demand G and VT instances',
  'L-3819A6DF': 'All G and VT Spot Instance Requests',
};
