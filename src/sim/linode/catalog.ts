/**
 * Simulator data for Linode: regions (with the "GPU Linodes" capability where GPU plans are
 * sold), plan types (a few standard plans and the RTX 6000 / RTX 4000 Ada GPU plans at list
 * prices of the time of writing) and Linode objects in the spec's shape (additionalProperties:
 * false, so nothing extra).
 */

interface LinodeSimRegion {
  id: string;
  label: string;
  country: string;
  gpu: boolean;
}

export const LINODE_REGIONS: LinodeSimRegion[] = [
  { id: 'us-east', label: 'Newark, NJ', country: 'us', gpu: true },
  { id: 'us-southeast', label: 'Atlanta, GA', country: 'us', gpu: true },
  { id: 'us-ord', label: 'Chicago, IL', country: 'us', gpu: true },
  { id: 'us-sea', label: 'Seattle, WA', country: 'us', gpu: true },
  { id: 'eu-central', label: 'Frankfurt, DE', country: 'de', gpu: true },
  { id: 'fr-par', label: 'Paris, FR', country: 'fr', gpu: true },
  { id: 'ap-west', label: 'Mumbai, IN', country: 'in', gpu: true },
  { id: 'eu-west', label: 'London, UK', country: 'gb', gpu: false },
  { id: 'ap-southeast', label: 'Sydney, AU', country: 'au', gpu: false },
];

export interface LinodeSimType {
  id: string;
  label: string;
  class: string;
  gpus: number;
  vcpus: number;
  memory: number;
  disk: number;
  transfer: number;
  network_out: number;
  hourly: number;
  /** Regions where the plan is sold (GPU plans only; standard plans are sold everywhere). */
  regions?: string[];
  region_prices: { id: string; hourly: number; monthly: number }[];
}

const std = (id: string, label: string, vcpus: number, memoryGb: number, hourly: number): LinodeSimType => ({
  id,
  label,
  class: 'standard',
  gpus: 0,
  vcpus,
  memory: memoryGb * 1024,
  disk: memoryGb * 25 * 1024,
  transfer: memoryGb * 1000,
  network_out: 1000 * Math.min(vcpus, 4),
  hourly,
  region_prices: [],
});

const RTX6000 = ['us-east', 'us-southeast', 'eu-central', 'ap-west'];
const RTX4000 = ['us-ord', 'us-sea', 'fr-par', 'eu-central'];

const gpuType = (
  id: string,
  label: string,
  gpus: number,
  vcpus: number,
  memoryGb: number,
  hourly: number,
  regions: string[],
): LinodeSimType => ({
  id,
  label,
  class: 'gpu',
  gpus,
  vcpus,
  memory: memoryGb * 1024,
  disk: memoryGb * 20 * 1024,
  transfer: 16000,
  network_out: 10000,
  hourly,
  regions,
  region_prices: [],
});

export function linodeTypes(): LinodeSimType[] {
  return [
    std('g6-nanode-1', 'Nanode 1GB', 1, 1, 0.0075),
    std('g6-standard-2', 'Linode 4GB', 2, 4, 0.036),
    std('g6-standard-4', 'Linode 8GB', 4, 8, 0.072),
    gpuType('g1-gpu-rtx6000-1', 'Dedicated 32GB + RTX6000 GPU x1', 1, 8, 32, 1.5, RTX6000),
    gpuType('g1-gpu-rtx6000-2', 'Dedicated 64GB + RTX6000 GPU x2', 2, 16, 64, 3.0, RTX6000),
    gpuType('g1-gpu-rtx6000-4', 'Dedicated 128GB + RTX6000 GPU x4', 4, 24, 128, 6.0, RTX6000),
    gpuType('g2-gpu-rtx4000a1-s', 'RTX4000 Ada x1 Small', 1, 4, 16, 0.52, RTX4000),
    gpuType('g2-gpu-rtx4000a2-s', 'RTX4000 Ada x2 Small', 2, 8, 32, 1.04, RTX4000),
    gpuType('g2-gpu-rtx4000a4-m', 'RTX4000 Ada x4 Medium', 4, 24, 96, 2.96, RTX4000),
  ];
}

export function typeBody(t: LinodeSimType): Record<string, unknown> {
  return {
    addons: { backups: { price: { hourly: 0.008, monthly: 5 }, region_prices: [] } },
    class: t.class,
    disk: t.disk,
    gpus: t.gpus,
    id: t.id,
    label: t.label,
    memory: t.memory,
    network_out: t.network_out,
    price: { hourly: t.hourly, monthly: Math.round(t.hourly * 730 * 100) / 100 },
    region_prices: t.region_prices,
    successor: null,
    transfer: t.transfer,
    vcpus: t.vcpus,
  };
}

export function regionBody(r: LinodeSimRegion): Record<string, unknown> {
  return {
    capabilities: ['Linodes', 'NodeBalancers', 'Block Storage', 'Object Storage', ...(r.gpu ? ['GPU Linodes'] : [])],
    country: r.country,
    id: r.id,
    label: r.label,
    placement_group_limits: { maximum_linodes_per_pg: 5, maximum_pgs_per_customer: 10 },
    resolvers: { ipv4: '192.0.2.0,192.0.2.1', ipv6: '2001:0db8::,2001:0db8::1' },
    site_type: 'core',
    status: 'ok',
  };
}

export interface LinodeSimInstance {
  id: number;
  label: string;
  region: string;
  type: string;
  status: string;
  tags: string[];
  /** Busy share of the machine 0..1 the stats simulate. */
  load: number;
}

export function instanceBody(l: LinodeSimInstance, types: LinodeSimType[]): Record<string, unknown> {
  const t = types.find((x) => x.id === l.type) ?? types[0]!;
  const octet = (l.id % 250) + 2;
  return {
    alerts: { cpu: 90 * t.vcpus, io: 10000, network_in: 10, network_out: 10, transfer_quota: 80 },
    backups: {
      available: true,
      enabled: false,
      schedule: { day: 'Scheduling', window: 'Scheduling' },
    },
    capabilities: [],
    // The spec says date-time; the API is known to omit the zone, the simulator follows the spec.
    created: '2026-01-05T12:00:00Z',
    disk_encryption: 'enabled',
    group: '',
    has_user_data: false,
    host_uuid: '3a3ddd59-d9a7-4bb8-8e04-1391075df44d',
    hypervisor: 'kvm',
    id: l.id,
    image: t.gpus > 0 ? 'linode/ubuntu24.04' : 'linode/debian12',
    ipv4: [`203.0.113.${octet}`],
    ipv6: `2001:db8::${octet.toString(16)}/128`,
    label: l.label,
    lke_cluster_id: null,
    region: l.region,
    specs: { disk: t.disk, gpus: t.gpus, memory: t.memory, transfer: t.transfer, vcpus: t.vcpus },
    status: l.status,
    tags: l.tags,
    type: t.id,
    updated: '2026-01-05T12:00:00Z',
    watchdog_enabled: true,
  };
}
