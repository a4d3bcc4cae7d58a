/**
 * Simulator catalogue: OCI shapes (REST JSON as ListShapes returns it) and instance factories.
 * Field names and types follow test/fixtures/specs/oci/sdk-model-fields.json; the sim tests check it.
 */

export type Json = Record<string, unknown>;

export interface SimShape {
  json: Json;
  /** Short AD names (`AD-1`) that offer the shape. */
  ads: string[];
}

const flexOptions = (maxOcpus: number, maxMem: number): Json => ({
  ocpuOptions: { min: 1, max: maxOcpus, maxPerNumaNode: maxOcpus },
  memoryOptions: { minInGBs: 1, maxInGBs: maxMem, defaultPerOcpuInGBs: 16, minPerOcpuInGBs: 1, maxPerOcpuInGBs: 64 },
});

function shape(
  name: string,
  p: {
    processor: string;
    ocpus: number;
    mem: number;
    gpus?: number;
    gpu?: string;
    disks?: number;
    diskGb?: number;
    bw: number;
    vnics: number;
    flex?: boolean;
    rdma?: boolean;
  },
): Json {
  const j: Json = {
    shape: name,
    processorDescription: p.processor,
    ocpus: p.ocpus,
    memoryInGBs: p.mem,
    networkingBandwidthInGbps: p.bw,
    maxVnicAttachments: p.vnics,
    gpus: p.gpus ?? 0,
    localDisks: p.disks ?? 0,
    localDisksTotalSizeInGBs: p.diskGb ?? 0,
    isLiveMigrationSupported: !name.startsWith('BM.'),
    isBilledForStoppedInstance: name.startsWith('BM.'),
    billingType: 'PAID',
    quotaNames: [name.toLowerCase().replace(/\./g, '-') + '-count'],
    isSubcore: false,
    isFlexible: Boolean(p.flex),
    resizeCompatibleShapes: [],
    platformNames: [],
  };
  if (p.gpu) j.gpuDescription = p.gpu;
  if (p.disks) j.localDiskDescription = 'Locally attached NVMe storage';
  if (p.rdma) Object.assign(j, { rdmaPorts: 16, rdmaBandwidthInGbps: 100 });
  if (p.flex) Object.assign(j, flexOptions(p.ocpus, p.mem));
  return j;
}

const AMD = '2.55 GHz AMD EPYC™ 7J13 (Milan)';
const INTEL = '2.0 GHz Intel® Xeon® Platinum 8480+ (Sapphire Rapids)';

export function shapeCatalogue(freeTier: boolean): SimShape[] {
  const base: SimShape[] = [
    {
      json: shape('VM.Standard.E4.Flex', { processor: AMD, ocpus: 64, mem: 1024, bw: 40, vnics: 24, flex: true }),
      ads: ['AD-1', 'AD-2', 'AD-3'],
    },
    {
      json: shape('VM.Standard.A1.Flex', {
        processor: '3.0 GHz Ampere® Altra™',
        ocpus: 80,
        mem: 512,
        bw: 40,
        vnics: 24,
        flex: true,
      }),
      ads: ['AD-1', 'AD-2', 'AD-3'],
    },
    {
      json: shape('VM.Standard.E2.1.Micro', {
        processor: '2.0 GHz AMD EPYC™ 7551 (Naples)',
        ocpus: 1,
        mem: 1,
        bw: 0.48,
        vnics: 1,
      }),
      ads: ['AD-3'],
    },
  ];
  if (freeTier) return base;
  return [
    ...base,
    {
      json: shape('VM.GPU.A10.1', {
        processor: '2.6 GHz Intel® Xeon® Platinum 8358 (Ice Lake)',
        ocpus: 15,
        mem: 240,
        gpus: 1,
        gpu: 'NVIDIA® A10',
        bw: 24,
        vnics: 15,
      }),
      ads: ['AD-1', 'AD-2', 'AD-3'],
    },
    {
      json: shape('VM.GPU.A10.2', {
        processor: '2.6 GHz Intel® Xeon® Platinum 8358 (Ice Lake)',
        ocpus: 30,
        mem: 480,
        gpus: 2,
        gpu: 'NVIDIA® A10',
        bw: 48,
        vnics: 24,
      }),
      ads: ['AD-1', 'AD-2', 'AD-3'],
    },
    {
      json: shape('BM.GPU.A10.4', {
        processor: '2.6 GHz Intel® Xeon® Platinum 8358 (Ice Lake)',
        ocpus: 64,
        mem: 1024,
        gpus: 4,
        gpu: 'NVIDIA® A10',
        disks: 1,
        diskGb: 7680,
        bw: 100,
        vnics: 256,
      }),
      ads: ['AD-2'],
    },
    {
      json: shape('BM.GPU4.8', {
        processor: '2.25 GHz AMD EPYC™ 7542 (Rome)',
        ocpus: 64,
        mem: 2048,
        gpus: 8,
        gpu: 'NVIDIA® A100',
        disks: 4,
        diskGb: 27200,
        bw: 50,
        vnics: 256,
        rdma: true,
      }),
      ads: ['AD-1', 'AD-2'],
    },
    {
      json: shape('BM.GPU.A100-v2.8', {
        processor: AMD,
        ocpus: 128,
        mem: 2048,
        gpus: 8,
        gpu: 'NVIDIA® A100',
        disks: 4,
        diskGb: 27200,
        bw: 100,
        vnics: 256,
        rdma: true,
      }),
      ads: ['AD-2'],
    },
    {
      json: shape('BM.GPU.H100.8', {
        processor: INTEL,
        ocpus: 112,
        mem: 2048,
        gpus: 8,
        gpu: 'NVIDIA® H100',
        disks: 16,
        diskGb: 61440,
        bw: 100,
        vnics: 256,
        rdma: true,
      }),
      ads: ['AD-1', 'AD-3'],
    },
    {
      json: shape('BM.GPU.L40S.4', {
        processor: INTEL,
        ocpus: 112,
        mem: 1024,
        gpus: 4,
        gpu: 'NVIDIA® L40S',
        disks: 2,
        diskGb: 7680,
        bw: 100,
        vnics: 256,
      }),
      ads: ['AD-3'],
    },
    // No list price in cloudtop's table: exercises the "skipped, set options.prices" path.
    {
      json: shape('BM.GPU.GB200.4', {
        processor: '3.1 GHz NVIDIA Grace',
        ocpus: 144,
        mem: 960,
        gpus: 4,
        gpu: 'NVIDIA® GB200',
        disks: 4,
        diskGb: 30720,
        bw: 400,
        vnics: 256,
      }),
      ads: ['AD-1'],
    },
  ];
}

/** Default capacity (per short AD name and shape) before any scenario change. */
export const DEFAULT_CAPACITY: Array<[ad: string, shape: string, status: string, count: number]> = [
  ['AD-1', 'VM.GPU.A10.1', 'AVAILABLE', 12],
  ['AD-2', 'VM.GPU.A10.1', 'AVAILABLE', 7],
  ['AD-3', 'VM.GPU.A10.1', 'OUT_OF_HOST_CAPACITY', 0],
  ['AD-1', 'VM.GPU.A10.2', 'AVAILABLE', 3],
  ['AD-2', 'VM.GPU.A10.2', 'OUT_OF_HOST_CAPACITY', 0],
  ['AD-3', 'VM.GPU.A10.2', 'AVAILABLE', 2],
  ['AD-2', 'BM.GPU.A10.4', 'OUT_OF_HOST_CAPACITY', 0],
  ['AD-1', 'BM.GPU4.8', 'OUT_OF_HOST_CAPACITY', 0],
  ['AD-2', 'BM.GPU4.8', 'AVAILABLE', 1],
  ['AD-2', 'BM.GPU.A100-v2.8', 'OUT_OF_HOST_CAPACITY', 0],
  ['AD-1', 'BM.GPU.H100.8', 'OUT_OF_HOST_CAPACITY', 0],
  ['AD-3', 'BM.GPU.H100.8', 'OUT_OF_HOST_CAPACITY', 0],
  ['AD-3', 'BM.GPU.L40S.4', 'AVAILABLE', 2],
  ['AD-1', 'BM.GPU.GB200.4', 'OUT_OF_HOST_CAPACITY', 0],
];

interface InstanceSeed {
  id: string;
  displayName: string;
  compartmentId: string;
  ad: string;
  faultDomain: string;
  region: string;
  shape: Json;
  lifecycleState: string;
  timeCreated: string;
  imageId: string;
  ocpus?: number;
  memoryInGBs?: number;
}

/** An Instance as ListInstances returns it. */
export function instanceJson(s: InstanceSeed): Json {
  const sh = s.shape;
  const flex = sh.isFlexible === true;
  const ocpus = flex ? (s.ocpus ?? 2) : (sh.ocpus as number);
  const mem = flex ? (s.memoryInGBs ?? ocpus * 16) : (sh.memoryInGBs as number);
  const arm = /ampere/i.test(String(sh.processorDescription));
  const shapeConfig: Json = {
    ocpus,
    memoryInGBs: mem,
    processorDescription: sh.processorDescription,
    networkingBandwidthInGbps: sh.networkingBandwidthInGbps,
    maxVnicAttachments: sh.maxVnicAttachments,
    gpus: sh.gpus,
    localDisks: sh.localDisks,
    localDisksTotalSizeInGBs: sh.localDisksTotalSizeInGBs,
    vcpus: arm ? ocpus : ocpus * 2,
  };
  if (sh.gpuDescription) shapeConfig.gpuDescription = sh.gpuDescription;
  if (sh.localDiskDescription) shapeConfig.localDiskDescription = sh.localDiskDescription;
  return {
    availabilityDomain: s.ad,
    compartmentId: s.compartmentId,
    definedTags: { 'Oracle-Tags': { CreatedBy: 'cloudtop-sim' } },
    displayName: s.displayName,
    extendedMetadata: {},
    faultDomain: s.faultDomain,
    freeformTags: { env: 'sim' },
    id: s.id,
    imageId: s.imageId,
    launchMode: 'PARAVIRTUALIZED',
    launchOptions: {
      bootVolumeType: 'PARAVIRTUALIZED',
      firmware: 'UEFI_64',
      networkType: 'PARAVIRTUALIZED',
      remoteDataVolumeType: 'PARAVIRTUALIZED',
      isPvEncryptionInTransitEnabled: false,
      isConsistentVolumeNamingEnabled: true,
    },
    instanceOptions: { areLegacyImdsEndpointsDisabled: true },
    availabilityConfig: { isLiveMigrationPreferred: false, recoveryAction: 'RESTORE_INSTANCE' },
    lifecycleState: s.lifecycleState,
    metadata: {},
    region: s.region,
    shape: sh.shape,
    shapeConfig,
    sourceDetails: { sourceType: 'image', imageId: s.imageId, bootVolumeSizeInGBs: 100 },
    systemTags: {},
    timeCreated: s.timeCreated,
    agentConfig: { isMonitoringDisabled: false, isManagementDisabled: false, areAllPluginsDisabled: false },
  };
}

/** `us-ashburn-1` → what Instance.region says (`iad`/`phx` for the two oldest regions). */
export function instanceRegionKey(region: string): string {
  return region === 'us-ashburn-1' ? 'iad' : region === 'us-phoenix-1' ? 'phx' : region;
}

/** `us-ashburn-1` → `US-ASHBURN`, for AD names like `Uocm:US-ASHBURN-AD-1`. */
export function adPrefix(region: string): string {
  return region.replace(/-\d+$/, '').toUpperCase();
}
