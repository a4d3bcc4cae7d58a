/**
 * Lambda Cloud catalogue for the simulator: instance types and regions as `GET /api/v1/instance-types`
 * and `GET /api/v1/regions` return them (names, descriptions and prices as seen in public captures;
 * see test/fixtures/specs/lambda/sample-instance-types-response.thirdparty.json).
 */

interface LambdaSimRegion {
  name: string;
  description: string;
}

export interface LambdaSimType {
  name: string;
  description: string;
  gpu_description: string;
  price_cents_per_hour: number;
  specs: { vcpus: number; memory_gib: number; storage_gib: number; gpus: number };
}

export const LAMBDA_REGIONS: LambdaSimRegion[] = [
  { name: 'us-west-1', description: 'California, USA' },
  { name: 'us-west-2', description: 'Arizona, USA' },
  { name: 'us-west-3', description: 'Utah, USA' },
  { name: 'us-south-1', description: 'Texas, USA' },
  { name: 'us-south-2', description: 'North Texas, USA' },
  { name: 'us-south-3', description: 'Central Texas, USA' },
  { name: 'us-east-1', description: 'Virginia, USA' },
  { name: 'us-east-3', description: 'Washington DC, USA' },
  { name: 'us-midwest-1', description: 'Illinois, USA' },
  { name: 'europe-central-1', description: 'Germany' },
  { name: 'asia-south-1', description: 'India' },
  { name: 'asia-northeast-1', description: 'Osaka, Japan' },
  { name: 'asia-northeast-2', description: 'Tokyo, Japan' },
  { name: 'me-west-1', description: 'Israel' },
  { name: 'australia-east-1', description: 'Sydney, Australia' },
];

const t = (
  name: string,
  gpus: number,
  gpu: string,
  cents: number,
  vcpus: number,
  mem: number,
  disk: number,
): LambdaSimType => ({
  name,
  description: gpus > 0 ? `${gpus}x ${gpu}` : gpu,
  gpu_description: gpus > 0 ? gpu : 'N/A',
  price_cents_per_hour: cents,
  specs: { vcpus, memory_gib: mem, storage_gib: disk, gpus },
});

export const LAMBDA_TYPES: LambdaSimType[] = [
  t('gpu_1x_gh200', 1, 'GH200 (96 GB)', 149, 64, 432, 4096),
  t('gpu_8x_b200_sxm6', 8, 'B200 (180 GB SXM6)', 3992, 208, 2900, 22528),
  t('gpu_8x_h100_sxm5', 8, 'H100 (80 GB SXM5)', 2392, 208, 1800, 22528),
  t('gpu_4x_h100_sxm5', 4, 'H100 (80 GB SXM5)', 1236, 104, 900, 11264),
  t('gpu_2x_h100_sxm5', 2, 'H100 (80 GB SXM5)', 638, 52, 450, 5632),
  t('gpu_1x_h100_sxm5', 1, 'H100 (80 GB SXM5)', 329, 26, 225, 2816),
  t('gpu_1x_h100_pcie', 1, 'H100 (80 GB PCIe)', 249, 26, 200, 1024),
  t('gpu_8x_a100_80gb_sxm4', 8, 'A100 (80 GB SXM4)', 1432, 240, 1800, 20480),
  t('gpu_1x_a10', 1, 'A10 (24 GB PCIe)', 75, 30, 200, 1400),
  t('gpu_1x_rtx6000', 1, 'RTX 6000 (24 GB)', 50, 14, 46, 512),
  t('gpu_1x_a100', 1, 'A100 (40 GB PCIe)', 129, 30, 200, 512),
  t('gpu_1x_a100_sxm4', 1, 'A100 (40 GB SXM4)', 129, 30, 200, 512),
  t('gpu_2x_a100', 2, 'A100 (40 GB PCIe)', 258, 60, 400, 1024),
  t('gpu_4x_a100', 4, 'A100 (40 GB PCIe)', 516, 120, 800, 1024),
  t('gpu_8x_a100', 8, 'A100 (40 GB SXM4)', 1032, 124, 1800, 6144),
  t('gpu_1x_a6000', 1, 'A6000 (48 GB)', 80, 14, 100, 200),
  t('gpu_2x_a6000', 2, 'A6000 (48 GB)', 160, 28, 200, 1024),
  t('gpu_4x_a6000', 4, 'A6000 (48 GB)', 320, 56, 400, 1024),
  t('gpu_8x_v100', 8, 'Tesla V100 (16 GB)', 440, 92, 448, 6041),
  t('cpu_4x_general', 0, '4x CPU General (16 GiB)', 20, 4, 16, 100),
];

/** Capacity as in the public capture: about half the types sold out everywhere. */
export const DEFAULT_CAPACITY: Record<string, string[]> = {
  gpu_8x_b200_sxm6: ['australia-east-1', 'us-east-1'],
  gpu_8x_h100_sxm5: ['us-west-3', 'us-south-2', 'us-south-3'],
  gpu_4x_h100_sxm5: ['us-south-2', 'us-south-3'],
  gpu_2x_h100_sxm5: ['us-south-2', 'us-south-3'],
  gpu_1x_h100_sxm5: ['us-south-2', 'us-south-3'],
  gpu_1x_h100_pcie: ['us-west-3'],
  gpu_8x_a100_80gb_sxm4: ['us-midwest-1', 'us-east-1', 'australia-east-1'],
  gpu_1x_a10: ['us-east-1', 'us-west-1'],
  gpu_1x_a100_sxm4: ['us-east-1', 'us-west-2', 'asia-south-1'],
  gpu_8x_a100: [
    'us-west-1',
    'us-east-1',
    'me-west-1',
    'asia-northeast-1',
    'asia-northeast-2',
    'us-west-2',
    'europe-central-1',
  ],
  cpu_4x_general: ['us-east-1'],
};

export interface LambdaSimInstance {
  id: string;
  name?: string;
  ip?: string;
  private_ip?: string;
  status: string;
  ssh_key_names: string[];
  file_system_names: string[];
  region: LambdaSimRegion;
  instance_type: LambdaSimType;
  hostname?: string;
  jupyter_token?: string;
  jupyter_url?: string;
  actions: Record<
    'migrate' | 'rebuild' | 'restart' | 'cold_reboot' | 'terminate',
    { available: boolean; reason_code?: string; reason_description?: string }
  >;
  tags?: { key: string; value: string }[];
}

const hex = (rand: () => number, n: number): string =>
  Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('');

export function makeLambdaInstance(
  rand: () => number,
  typeName: string,
  regionName: string,
  status: string,
  name?: string,
): LambdaSimInstance {
  const type = LAMBDA_TYPES.find((x) => x.name === typeName) ?? LAMBDA_TYPES[2]!;
  const region = LAMBDA_REGIONS.find((r) => r.name === regionName) ?? LAMBDA_REGIONS[0]!;
  const id = hex(rand, 32);
  const launched = status !== 'booting';
  const action = launched
    ? { available: status === 'active' }
    : {
        available: false,
        reason_code: 'vm-has-not-launched',
        reason_description: 'The instance has not launched yet.',
      };
  const inst: LambdaSimInstance = {
    id,
    status,
    ssh_key_names: ['laptop'],
    file_system_names: [],
    region,
    instance_type: type,
    actions: {
      migrate: { ...action },
      rebuild: { ...action },
      restart: { ...action },
      cold_reboot: { ...action },
      terminate: { available: status !== 'terminated' && status !== 'terminating' },
    },
    tags: [],
  };
  if (name) inst.name = name;
  if (launched) {
    inst.ip = `198.51.100.${Math.floor(rand() * 250) + 1}`;
    inst.private_ip = `10.0.${Math.floor(rand() * 250)}.${Math.floor(rand() * 250)}`;
    inst.hostname = `${id.slice(0, 8)}.cloud.lambdalabs.com`;
    inst.jupyter_token = hex(rand, 32);
    inst.jupyter_url = `https://jupyter-${id}.lambdaspaces.com/?token=${inst.jupyter_token}`;
  }
  return inst;
}
