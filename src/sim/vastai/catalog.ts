/**
 * Realistic Vast.ai market data for the simulator: offer and instance rows shaped like the real
 * `/api/v0/bundles/` and `/api/v1/instances/` rows (field names and units as in vast-cli's
 * `vastai/data/offer.py` and the vendored show_instances.yaml), generated from a seed.
 */

/** One row of the simulated market: the stored ask, before per-query pricing is applied. */
export type VastSimOffer = Record<string, unknown> & {
  id: number;
  gpu_name: string;
  num_gpus: number;
  gpu_ram: number;
  dph_base: number;
  min_bid: number;
  storage_cost: number;
  reliability: number;
  geolocation: string;
  verification: string;
  rentable: boolean;
  rented: boolean;
};

export type VastSimInstance = Record<string, unknown> & { id: number; label: string | null };

interface GpuModel {
  name: string;
  /** MiB per GPU, as Vast reports it. */
  ram: number;
  /** Typical on-demand $/GPU-h range. */
  price: [number, number];
  arch: 'nvidia' | 'amd';
  computeCap: number;
  tflops: number;
  memBw: number;
  /** Relative share of the market. */
  weight: number;
  counts: number[];
}

// Names as Vast spells them (GET /api/v0/gpu_names/unique/): spaces, not underscores.
export const GPU_MODELS: GpuModel[] = [
  {
    name: 'RTX 4090',
    ram: 24564,
    price: [0.25, 0.55],
    arch: 'nvidia',
    computeCap: 890,
    tflops: 82.6,
    memBw: 1008,
    weight: 22,
    counts: [1, 1, 2, 4, 8],
  },
  {
    name: 'RTX 3090',
    ram: 24576,
    price: [0.12, 0.26],
    arch: 'nvidia',
    computeCap: 860,
    tflops: 35.6,
    memBw: 936,
    weight: 16,
    counts: [1, 1, 2, 4, 8],
  },
  {
    name: 'RTX 5090',
    ram: 32607,
    price: [0.45, 0.85],
    arch: 'nvidia',
    computeCap: 1200,
    tflops: 104.8,
    memBw: 1792,
    weight: 8,
    counts: [1, 1, 2, 4, 8],
  },
  {
    name: 'RTX A6000',
    ram: 49140,
    price: [0.35, 0.6],
    arch: 'nvidia',
    computeCap: 860,
    tflops: 38.7,
    memBw: 768,
    weight: 6,
    counts: [1, 2, 4, 8],
  },
  {
    name: 'RTX 6000Ada',
    ram: 49140,
    price: [0.6, 0.95],
    arch: 'nvidia',
    computeCap: 890,
    tflops: 91.1,
    memBw: 960,
    weight: 4,
    counts: [1, 2, 4, 8],
  },
  {
    name: 'A100 SXM4',
    ram: 81920,
    price: [0.75, 1.4],
    arch: 'nvidia',
    computeCap: 800,
    tflops: 19.5,
    memBw: 2039,
    weight: 6,
    counts: [1, 2, 4, 8],
  },
  {
    name: 'A100 PCIE',
    ram: 40960,
    price: [0.55, 1.0],
    arch: 'nvidia',
    computeCap: 800,
    tflops: 19.5,
    memBw: 1555,
    weight: 4,
    counts: [1, 2, 4],
  },
  {
    name: 'H100 SXM',
    ram: 81559,
    price: [1.6, 2.8],
    arch: 'nvidia',
    computeCap: 900,
    tflops: 66.9,
    memBw: 3352,
    weight: 7,
    counts: [1, 2, 4, 8, 8],
  },
  {
    name: 'H100 PCIE',
    ram: 81559,
    price: [1.4, 2.2],
    arch: 'nvidia',
    computeCap: 900,
    tflops: 51.2,
    memBw: 2039,
    weight: 4,
    counts: [1, 2, 4, 8],
  },
  {
    name: 'H100 NVL',
    ram: 95830,
    price: [1.9, 2.6],
    arch: 'nvidia',
    computeCap: 900,
    tflops: 60,
    memBw: 3938,
    weight: 2,
    counts: [1, 2, 4, 8],
  },
  {
    name: 'H200',
    ram: 143771,
    price: [2.4, 3.6],
    arch: 'nvidia',
    computeCap: 900,
    tflops: 66.9,
    memBw: 4800,
    weight: 3,
    counts: [1, 8],
  },
  {
    name: 'B200',
    ram: 183359,
    price: [3.4, 5.2],
    arch: 'nvidia',
    computeCap: 1000,
    tflops: 80,
    memBw: 8000,
    weight: 2,
    counts: [8],
  },
  {
    name: 'L40S',
    ram: 46068,
    price: [0.5, 0.9],
    arch: 'nvidia',
    computeCap: 890,
    tflops: 91.6,
    memBw: 864,
    weight: 4,
    counts: [1, 2, 4, 8],
  },
  {
    name: 'A40',
    ram: 46068,
    price: [0.3, 0.5],
    arch: 'nvidia',
    computeCap: 860,
    tflops: 37.4,
    memBw: 696,
    weight: 3,
    counts: [1, 2, 4, 8],
  },
  {
    name: 'L4',
    ram: 23034,
    price: [0.18, 0.35],
    arch: 'nvidia',
    computeCap: 890,
    tflops: 30.3,
    memBw: 300,
    weight: 2,
    counts: [1, 2, 4],
  },
  {
    name: 'Tesla V100',
    ram: 16384,
    price: [0.15, 0.3],
    arch: 'nvidia',
    computeCap: 700,
    tflops: 15.7,
    memBw: 900,
    weight: 3,
    counts: [1, 2, 4, 8],
  },
  {
    name: 'Tesla T4',
    ram: 15360,
    price: [0.08, 0.18],
    arch: 'nvidia',
    computeCap: 750,
    tflops: 8.1,
    memBw: 320,
    weight: 2,
    counts: [1, 2, 4],
  },
  {
    name: 'RTX A5000',
    ram: 24564,
    price: [0.18, 0.32],
    arch: 'nvidia',
    computeCap: 860,
    tflops: 27.8,
    memBw: 768,
    weight: 3,
    counts: [1, 2, 4, 8],
  },
  {
    name: 'RTX 4080',
    ram: 16376,
    price: [0.18, 0.3],
    arch: 'nvidia',
    computeCap: 890,
    tflops: 48.7,
    memBw: 717,
    weight: 2,
    counts: [1, 2],
  },
  {
    name: 'MI300X',
    ram: 196592,
    price: [1.8, 2.6],
    arch: 'amd',
    computeCap: 0,
    tflops: 163.4,
    memBw: 5300,
    weight: 1,
    counts: [8],
  },
];

const PLACES: [string, string][] = [
  ['Texas', 'US'],
  ['California', 'US'],
  ['Oregon', 'US'],
  ['Virginia', 'US'],
  ['Quebec', 'CA'],
  ['Ontario', 'CA'],
  ['Sweden', 'SE'],
  ['Norway', 'NO'],
  ['Finland', 'FI'],
  ['Germany', 'DE'],
  ['Netherlands', 'NL'],
  ['France', 'FR'],
  ['Poland', 'PL'],
  ['Czechia', 'CZ'],
  ['Spain', 'ES'],
  ['United Kingdom', 'GB'],
  ['Japan', 'JP'],
  ['South Korea', 'KR'],
  ['Taiwan', 'TW'],
  ['Brazil', 'BR'],
  ['Australia', 'AU'],
];

const CPUS = [
  'AMD EPYC 7742 64-Core Processor',
  'AMD EPYC 9554 64-Core Processor',
  'Intel Xeon Platinum 8480+',
  'AMD Ryzen 9 7950X 16-Core Processor',
  'Intel Core i9-13900K',
  'AMD EPYC 7543 32-Core Processor',
];
const MOBOS = [
  'ROMED8-2T',
  'H12SSL-i',
  'X13DEG-OAD',
  'PRO WS WRX80E-SAGE SE WIFI',
  'Z790 AORUS ELITE AX',
  'MZ73-LM0-000',
];

type Rand = () => number;
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const round = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits;

function pickModel(rand: Rand, models: GpuModel[]): GpuModel {
  const total = models.reduce((s, m) => s + m.weight, 0);
  let r = rand() * total;
  for (const m of models) {
    r -= m.weight;
    if (r <= 0) return m;
  }
  return models[models.length - 1]!;
}

function findModel(name: string): GpuModel | undefined {
  return GPU_MODELS.find((m) => m.name === name);
}

/**
 * One offer row with every field the official dataclass lists. `dph_total` and the `search` /
 * `instance` cost objects are recomputed per query (they depend on `type` and `allocated_storage`).
 */
export function makeOffer(rand: Rand, id: number, overrides: Partial<VastSimOffer> = {}): VastSimOffer {
  const model = overrides.gpu_name
    ? (findModel(overrides.gpu_name) ?? pickModel(rand, GPU_MODELS))
    : pickModel(rand, GPU_MODELS);
  const numGpus = overrides.num_gpus ?? pick(rand, model.counts);
  const perGpu = model.price[0] + rand() * (model.price[1] - model.price[0]);
  const dphBase = round(perGpu * numGpus, 4);
  const [place, cc] = pick(rand, PLACES);
  const datacenter = rand() < 0.35;
  const reliability = round(datacenter ? 0.995 + rand() * 0.0049 : 0.93 + rand() * 0.069, 4);
  const cpuCores = pick(rand, [16, 32, 48, 64, 128, 192, 256]);
  const machineId = 10_000 + Math.floor(rand() * 40_000);
  const now = Date.UTC(2026, 9, 1) / 1000;
  const offer: VastSimOffer = {
    id,
    ask_contract_id: id,
    bundle_id: 900_000_000 + id,
    bundled_results: null,
    machine_id: machineId,
    host_id: 1000 + Math.floor(rand() * 90_000),
    cluster_id: null,
    hostname: null,
    logo: '/static/logos/vastai_small2.png',
    webpage: null,
    resource_type: 'gpu',
    num_gpus: numGpus,
    gpu_name: model.name,
    gpu_ram: model.ram,
    gpu_total_ram: model.ram * numGpus,
    gpu_frac: 1,
    gpu_arch: model.arch,
    gpu_lanes: 16,
    gpu_mem_bw: model.memBw,
    gpu_max_power: 450,
    gpu_max_temp: 83,
    gpu_ids: Array.from({ length: numGpus }, (_, i) => id * 10 + i),
    compute_cap: model.computeCap,
    cuda_max_good: pick(rand, [12.2, 12.4, 12.6, 12.8, 13.0]),
    driver_version: pick(rand, ['550.127.05', '560.35.03', '570.86.10', '575.57.08']),
    driver_vers: 0,
    bw_nvlink: numGpus > 1 && model.name.includes('SXM') ? 450 : 0,
    gpu_display_active: false,
    cpu_name: pick(rand, CPUS),
    cpu_cores: cpuCores,
    cpu_cores_effective: Math.max(4, Math.floor((cpuCores / 8) * numGpus)),
    cpu_ghz: round(2.2 + rand() * 2.5, 2),
    cpu_ram: 32_000 * numGpus + Math.floor(rand() * 64) * 1000,
    cpu_arch: 'amd64',
    has_avx: 1,
    disk_space: round(100 + rand() * 1900, 1),
    disk_bw: round(1000 + rand() * 6000, 1),
    disk_name: pick(rand, ['Samsung SSD 990 PRO 4TB', 'KIOXIA KCD8XPUG3T84', 'WD_BLACK SN850X 2000GB']),
    inet_up: round(100 + rand() * 4000, 1),
    inet_down: round(200 + rand() * 6000, 1),
    inet_up_cost: round(rand() * 0.01, 5),
    inet_down_cost: round(rand() * 0.01, 5),
    internet_up_cost_per_tb: 0,
    internet_down_cost_per_tb: 0,
    direct_port_count: pick(rand, [10, 50, 100, 1000]),
    pci_gen: pick(rand, [4, 4, 5]),
    pcie_bw: round(12 + rand() * 40, 1),
    static_ip: rand() < 0.5,
    public_ipaddr: `203.0.113.${Math.floor(rand() * 250) + 1}`,
    mobo_name: pick(rand, MOBOS),
    os_version: pick(rand, ['22.04', '24.04']),
    external: false,
    hosting_type: datacenter ? 1 : 0,
    vms_enabled: rand() < 0.2,
    is_vm_deverified: false,
    dph_base: dphBase,
    dph_total: dphBase,
    min_bid: round(dphBase * (0.35 + rand() * 0.25), 4),
    vram_costperhour: 0,
    storage_cost: round(0.1 + rand() * 0.2, 4),
    storage_total_cost: 0,
    credit_discount_max: 0.4,
    platform_fee: 0,
    avail_vol_ask_id: null,
    avail_vol_dph: null,
    avail_vol_size: null,
    nw_disk_min_bw: null,
    nw_disk_max_bw: null,
    nw_disk_avg_bw: null,
    dlperf: round(model.tflops * numGpus * 0.9, 2),
    dlperf_per_dphtotal: 0,
    flops_per_dphtotal: 0,
    total_flops: round(model.tflops * numGpus, 2),
    score: 0,
    rentable: true,
    rented: false,
    is_bid: false,
    reliability,
    reliability2: reliability,
    reliability_mult: round(reliability * 0.9, 4),
    expected_reliability: reliability,
    verification: datacenter || rand() < 0.8 ? 'verified' : 'unverified',
    vericode: 1,
    geolocation: `${place}, ${cc}`,
    geolocode: Math.floor(rand() * 1e8),
    start_date: now - Math.floor(rand() * 86400 * 90),
    end_date: now + 86400 * (30 + Math.floor(rand() * 300)),
    duration: 0,
    time_remaining: '',
    time_remaining_isbid: '',
    rn: 0,
    ...overrides,
  };
  // The CLI turns "535.86.05" into 535086005 for driver_version filters: keep both forms.
  offer.driver_vers = numericVersion(String(offer.driver_version));
  offer.duration = Number(offer.end_date) - now;
  offer.gpu_total_ram = offer.gpu_ram * offer.num_gpus;
  return offer;
}

function numericVersion(v: string): number {
  const [a = '0', b = '0', c = '0'] = v.split('.');
  return Number(a.padStart(3, '0') + b.padStart(3, '0') + c.padStart(3, '0'));
}

export function makeOffers(rand: Rand, count: number, firstId: number): VastSimOffer[] {
  return Array.from({ length: count }, (_, i) => makeOffer(rand, firstId + i));
}

const STATUSES: (string | null)[] = ['running', 'running', 'running', 'loading', 'exited', null, 'offline'];

/** An instance row with the fields show_instances.yaml documents (and the CLI reads). */
export function makeInstance(rand: Rand, id: number, overrides: Partial<VastSimInstance> = {}): VastSimInstance {
  const offer = makeOffer(rand, 100_000 + id);
  const status = pick(rand, STATUSES);
  const now = Date.UTC(2026, 9, 1) / 1000;
  return {
    id,
    actual_status: status,
    cur_state: status === 'exited' ? 'stopped' : 'running',
    next_state: status === 'exited' ? 'stopped' : 'running',
    intended_status: status === 'exited' ? 'stopped' : 'running',
    label: rand() < 0.6 ? pick(rand, ['llm-finetune', 'sd-render', 'eval', 'ML Training Job']) : null,
    template_id: null,
    template_hash_id: null,
    template_name: null,
    image_uuid: 'vastai/pytorch:2.5.1-cuda-12.4',
    image_args: [],
    image_runtype: 'ssh_direc ssh_proxy',
    extra_env: [['JUPYTER_DIR', '/']],
    onstart: '',
    jupyter_token: 'sim-jupyter-token-not-a-secret',
    status_msg: status === 'running' ? 'success, running vastai/pytorch' : null,
    public_ipaddr: offer.public_ipaddr,
    local_ipaddrs: '10.0.0.5 172.17.0.2',
    ssh_host: `ssh${(id % 9) + 1}.vast.ai`,
    ssh_idx: String((id % 9) + 1),
    ssh_port: 10_000 + (id % 50_000),
    machine_dir_ssh_port: 21_000,
    machine_id: offer.machine_id,
    start_date: now - 3600 * (1 + Math.floor(rand() * 200)),
    end_date: offer.end_date,
    uptime_mins: status === 'running' ? Math.floor(rand() * 10_000) : null,
    duration: 86400,
    cpu_arch: 'amd64',
    cpu_cores: offer.cpu_cores,
    cpu_cores_effective: offer.cpu_cores_effective,
    cpu_name: offer.cpu_name,
    cpu_ram: offer.cpu_ram,
    cpu_util: round(rand() * 40, 2),
    mem_limit: 64,
    mem_usage: round(rand() * 30, 2),
    vmem_usage: round(rand() * 20, 2),
    gpu_name: offer.gpu_name,
    gpu_arch: offer.gpu_arch,
    gpu_totalram: offer.gpu_ram,
    gpu_ram: offer.gpu_ram,
    gpu_util: round(rand() * 100, 1),
    gpu_temp: round(35 + rand() * 40, 1),
    gpu_frac: 1,
    gpu_lanes: 16,
    gpu_mem_bw: offer.gpu_mem_bw,
    bw_nvlink: offer.bw_nvlink,
    disk_name: offer.disk_name,
    disk_space: 32,
    disk_bw: offer.disk_bw,
    disk_util: round(rand(), 3),
    disk_usage: round(rand() * 20, 2),
    direct_port_count: offer.direct_port_count,
    direct_port_start: 20_000,
    direct_port_end: 20_010,
    ports: status === 'running' ? { '22/tcp': [{ HostIp: '0.0.0.0', HostPort: '20000' }] } : null,
    static_ip: offer.static_ip,
    geolocation: offer.geolocation,
    verification: offer.verification,
    rentable: true,
    host_id: offer.host_id,
    min_bid: offer.min_bid,
    is_bid: false,
    dph_base: offer.dph_base,
    dph_total: round(offer.dph_base + 0.0021, 4),
    dlperf: offer.dlperf,
    dlperf_per_dphtotal: null,
    flops_per_dphtotal: round(Number(offer.total_flops) / offer.dph_base, 2),
    total_flops: offer.total_flops,
    score: null,
    reliability2: offer.reliability,
    os_version: null,
    mobo_name: offer.mobo_name,
    pci_gen: offer.pci_gen,
    pcie_bw: offer.pcie_bw,
    num_gpus: offer.num_gpus,
    webpage: null,
    search: {
      gpuCostPerHour: offer.dph_base,
      diskHour: 0.0021,
      totalHour: offer.dph_base + 0.0021,
      discountTotalHour: 0,
      discountedTotalPerHour: offer.dph_base,
    },
    instance: {
      gpuCostPerHour: offer.dph_base,
      diskHour: 0.0021,
      totalHour: offer.dph_base + 0.0021,
      discountTotalHour: 0,
      discountedTotalPerHour: offer.dph_base,
    },
    storage_cost: offer.storage_cost,
    storage_total_cost: 0.0021,
    vram_costperhour: 0,
    credit_balance: null,
    credit_discount: null,
    credit_discount_max: 0.4,
    client_run_time: 1,
    host_run_time: 1,
    external: false,
    time_remaining: '',
    time_remaining_isbid: '',
    country_code: null,
    volume_info: [],
    ...overrides,
  };
}
