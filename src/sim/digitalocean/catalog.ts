/**
 * Simulator data for DigitalOcean: Droplet sizes (a few CPU sizes and the GPU Droplet line-up) and
 * Droplets built in the shape of the spec's "All Droplets" / "GPU Droplets" examples, so every
 * field the spec marks required is present. Prices are list prices in USD per hour at the time of
 * writing; the simulator moves them a little in demo mode.
 */

export interface DoSimSize {
  slug: string;
  memory: number;
  vcpus: number;
  disk: number;
  transfer: number;
  price_monthly: number;
  price_hourly: number;
  regions: string[];
  available: boolean;
  description: string;
  disk_info: { type: string; size: { amount: number; unit: string } }[];
  gpu_info?: { count: number; vram: { amount: number; unit: string }; model: string };
}

export const DO_REGIONS: { slug: string; name: string }[] = [
  { slug: 'nyc1', name: 'New York 1' },
  { slug: 'nyc2', name: 'New York 2' },
  { slug: 'nyc3', name: 'New York 3' },
  { slug: 'sfo3', name: 'San Francisco 3' },
  { slug: 'tor1', name: 'Toronto 1' },
  { slug: 'atl1', name: 'Atlanta 1' },
  { slug: 'ams3', name: 'Amsterdam 3' },
  { slug: 'fra1', name: 'Frankfurt 1' },
  { slug: 'lon1', name: 'London 1' },
  { slug: 'sgp1', name: 'Singapore 1' },
];

const IMAGE_REGIONS = [
  'nyc3',
  'nyc1',
  'sfo1',
  'nyc2',
  'ams2',
  'sgp1',
  'lon1',
  'ams3',
  'fra1',
  'tor1',
  'sfo2',
  'blr1',
  'sfo3',
  'syd1',
];

const CPU_REGIONS = ['nyc1', 'nyc3', 'sfo3', 'tor1', 'ams3', 'fra1', 'lon1', 'sgp1'];

function cpu(slug: string, vcpus: number, memoryGb: number, disk: number, monthly: number): DoSimSize {
  return {
    slug,
    memory: memoryGb * 1024,
    vcpus,
    disk,
    transfer: Math.max(1, vcpus),
    price_monthly: monthly,
    price_hourly: Math.round((monthly / 672) * 1e6) / 1e6,
    regions: [...CPU_REGIONS],
    available: true,
    description: 'Basic',
    disk_info: [{ type: 'local', size: { amount: disk, unit: 'gib' } }],
  };
}

function gpu(
  slug: string,
  model: string,
  count: number,
  vramGib: number,
  vcpus: number,
  memoryGb: number,
  disk: number,
  hourly: number,
  regions: string[],
  description: string,
): DoSimSize {
  return {
    slug,
    memory: memoryGb * 1024,
    vcpus,
    disk,
    transfer: 15,
    price_monthly: Math.round(hourly * 672 * 100) / 100,
    price_hourly: hourly,
    regions,
    available: true,
    description,
    disk_info: [
      { type: 'local', size: { amount: disk, unit: 'gib' } },
      { type: 'scratch', size: { amount: 5120 * count, unit: 'gib' } },
    ],
    gpu_info: { count, vram: { amount: vramGib, unit: 'gib' }, model },
  };
}

export function doSizes(): DoSimSize[] {
  return [
    cpu('s-1vcpu-1gb', 1, 1, 25, 6),
    cpu('s-2vcpu-4gb', 2, 4, 80, 24),
    cpu('s-4vcpu-8gb', 4, 8, 160, 48),
    gpu('gpu-h100x1-80gb', 'nvidia_h100', 1, 80, 20, 240, 720, 3.39, ['tor1', 'nyc2', 'atl1'], 'H100 GPU - 1X'),
    gpu('gpu-h100x8-640gb', 'nvidia_h100', 8, 80, 160, 1920, 2046, 23.92, ['tor1', 'nyc2'], 'H100 GPU - 8X'),
    gpu('gpu-mi300x1-192gb', 'amd_mi300x', 1, 192, 20, 240, 720, 1.99, ['atl1'], 'AMD MI300X - 1X'),
    gpu('gpu-l40sx1-48gb', 'nvidia_l40s', 1, 48, 8, 64, 500, 1.57, ['tor1', 'nyc2'], 'L40S GPU - 1X'),
    gpu('gpu-4000adax1-20gb', 'nvidia_rtx_4000_ada', 1, 20, 8, 32, 500, 0.76, ['tor1'], 'RTX 4000 Ada GPU - 1X'),
    gpu(
      'gpu-6000adax1-48gb',
      'nvidia_rtx_6000_ada',
      1,
      48,
      8,
      64,
      500,
      1.57,
      ['tor1', 'ams3'],
      'RTX 6000 Ada GPU - 1X',
    ),
  ];
}

export interface DoSimDroplet {
  id: number;
  name: string;
  status: string;
  size_slug: string;
  region: string;
  tags: string[];
  created_at: string;
  /** Busy share of CPU 0..1 the metrics simulate. */
  load: number;
}

/** The Droplet object as the API sends it (spec `droplet`, all required fields). */
export function dropletBody(d: DoSimDroplet, sizes: DoSimSize[]): Record<string, unknown> {
  const size = sizes.find((s) => s.slug === d.size_slug) ?? sizes[0]!;
  const region = DO_REGIONS.find((r) => r.slug === d.region) ?? { slug: d.region, name: d.region };
  const octet = (d.id % 250) + 2;
  const body: Record<string, unknown> = {
    id: d.id,
    name: d.name,
    memory: size.memory,
    vcpus: size.vcpus,
    disk: size.disk,
    disk_info: size.disk_info,
    locked: false,
    status: d.status,
    kernel: null,
    created_at: d.created_at,
    features: ['private_networking'],
    backup_ids: [],
    next_backup_window: null,
    snapshot_ids: [],
    image: {
      id: 166407044,
      name: size.gpu_info ? 'AI/ML Ready' : '24.04 (LTS) x64',
      distribution: 'Ubuntu',
      slug: size.gpu_info ? 'gpu-h100x1-base' : 'ubuntu-24-04-x64',
      public: true,
      // The spec enumerates image regions; this is the list from its GPU Droplet example.
      regions: IMAGE_REGIONS,
      created_at: '2024-09-27T15:35:19Z',
      min_disk_size: 25,
      type: 'base',
      size_gigabytes: 18.47,
      description: '',
      tags: [],
      status: 'available',
    },
    volume_ids: [],
    size,
    size_slug: size.slug,
    networks: {
      v4: [
        { ip_address: `10.128.0.${octet}`, netmask: '255.255.0.0', gateway: 'nil', type: 'private' },
        { ip_address: `203.0.113.${octet}`, netmask: '255.255.255.0', gateway: '203.0.113.1', type: 'public' },
      ],
      v6: [],
    },
    region: {
      name: region.name,
      slug: region.slug,
      features: ['backups', 'ipv6', 'metadata', 'install_agent', 'storage', 'image_transfer'],
      available: true,
      sizes: sizes.filter((s) => s.regions.includes(region.slug)).map((s) => s.slug),
    },
    tags: d.tags,
    vpc_uuid: '5a4981aa-9653-4bd1-bef5-d6bff52042e4',
  };
  if (size.gpu_info) body.gpu_info = size.gpu_info;
  return body;
}
