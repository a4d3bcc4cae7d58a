/**
 * The Google Cloud simulator's world: two projects, instances (one A3 with H100s, one with an
 * attached T4, plain ones), accelerator types per zone, Compute Engine GPU SKUs with on-demand and
 * preemptible (spot) prices, and regional quotas including a zero H100 quota in one region.
 */
export const SIM_PROJECTS = ['acme-ml-prod', 'acme-web-4821'];
export const SIM_SA_EMAIL = 'cloudtop-reader@acme-ml-prod.iam.gserviceaccount.com';
export const SIM_ADC_CLIENT_ID = '764086051850-6qr4p6gpi6hn506pt8ejuq83di341hur.apps.googleusercontent.com';
export const SIM_ADC_CLIENT_SECRET = 'd-FL95Q19q7MQmFpd7hHD0Ty';
export const SIM_ADC_REFRESH_TOKEN = '1//sim-refresh-token-0123456789abcdefghijklmnopqrstuvwxyz';

export interface SimInstance {
  project: string;
  id: string;
  name: string;
  zone: string;
  machineType: string;
  status: 'RUNNING' | 'TERMINATED' | 'STOPPING' | 'PROVISIONING';
  accelerators?: { type: string; count: number }[];
  spot?: boolean;
}

export const SIM_INSTANCES: SimInstance[] = [
  {
    project: 'acme-ml-prod',
    id: '4519873450192837465',
    name: 'trainer-a3-0',
    zone: 'us-central1-a',
    machineType: 'a3-highgpu-8g',
    status: 'RUNNING',
    accelerators: [{ type: 'nvidia-h100-80gb', count: 8 }],
  },
  {
    project: 'acme-ml-prod',
    id: '5620984561203948576',
    name: 'infer-t4-1',
    zone: 'europe-west4-b',
    machineType: 'n1-standard-8',
    status: 'RUNNING',
    accelerators: [{ type: 'nvidia-tesla-t4', count: 1 }],
    spot: true,
  },
  {
    project: 'acme-ml-prod',
    id: '6731095672314059687',
    name: 'notebook',
    zone: 'us-central1-b',
    machineType: 'g2-standard-8',
    status: 'TERMINATED',
    accelerators: [{ type: 'nvidia-l4', count: 1 }],
  },
  {
    project: 'acme-web-4821',
    id: '7842106783425160798',
    name: 'web-1',
    zone: 'us-east1-c',
    machineType: 'e2-standard-4',
    status: 'RUNNING',
  },
  {
    project: 'acme-web-4821',
    id: '8953217894536271809',
    name: 'web-2',
    zone: 'us-east1-c',
    machineType: 'e2-standard-4',
    status: 'RUNNING',
  },
];

interface SimAccelerator {
  name: string;
  description: string;
  maxCards: number;
  zones: string[];
  /** Words the Billing Catalog uses for it. */
  skuName: string;
  onDemand: number;
  spot: number;
}

export const SIM_ACCELERATORS: SimAccelerator[] = [
  {
    name: 'nvidia-h100-80gb',
    description: 'NVIDIA H100 80GB',
    maxCards: 8,
    zones: ['us-central1-a', 'us-central1-c', 'europe-west4-b', 'us-east4-a'],
    skuName: 'H100 80GB',
    onDemand: 11.06,
    spot: 3.72,
  },
  {
    name: 'nvidia-a100-80gb',
    description: 'NVIDIA A100 80GB',
    maxCards: 8,
    zones: ['us-central1-a', 'us-east4-a'],
    skuName: 'A100 80GB',
    onDemand: 5.07,
    spot: 1.57,
  },
  {
    name: 'nvidia-l4',
    description: 'NVIDIA L4',
    maxCards: 8,
    zones: ['us-central1-a', 'us-central1-b', 'europe-west4-b'],
    skuName: 'L4',
    onDemand: 0.56,
    spot: 0.22,
  },
  {
    name: 'nvidia-tesla-t4',
    description: 'NVIDIA T4',
    maxCards: 4,
    zones: ['us-central1-b', 'europe-west4-b', 'us-east1-c'],
    skuName: 'Tesla T4',
    onDemand: 0.35,
    spot: 0.14,
  },
];

export const SIM_GCP_REGIONS = ['us-central1', 'us-east1', 'us-east4', 'europe-west4'];

/** Regional quotas: metric → [limit, usage]. us-east4 has no H100 quota at all; europe-west4 has 0. */
export const SIM_GCP_QUOTAS: Record<string, Record<string, [number, number]>> = {
  'us-central1': {
    CPUS: [2400, 220],
    NVIDIA_H100_GPUS: [16, 8],
    PREEMPTIBLE_NVIDIA_H100_GPUS: [16, 0],
    NVIDIA_A100_80GB_GPUS: [8, 0],
    NVIDIA_L4_GPUS: [8, 1],
    PREEMPTIBLE_NVIDIA_L4_GPUS: [8, 0],
    NVIDIA_T4_GPUS: [4, 0],
  },
  'us-east1': { CPUS: [600, 8], NVIDIA_T4_GPUS: [4, 0], PREEMPTIBLE_NVIDIA_T4_GPUS: [4, 0] },
  'us-east4': { CPUS: [600, 0], NVIDIA_A100_80GB_GPUS: [0, 0] },
  'europe-west4': {
    CPUS: [600, 8],
    NVIDIA_H100_GPUS: [0, 0],
    PREEMPTIBLE_NVIDIA_H100_GPUS: [0, 0],
    NVIDIA_L4_GPUS: [4, 0],
    NVIDIA_T4_GPUS: [4, 1],
    PREEMPTIBLE_NVIDIA_T4_GPUS: [4, 1],
  },
};
