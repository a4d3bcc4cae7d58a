/**
 * The Azure simulator's world: two subscriptions with VMs, the GPU sizes with Retail Prices per
 * region (on-demand, spot, plus a Windows and a Low Priority meter that clients must skip),
 * Resource SKUs with one restriction, and vCPU usages with a zero quota. Self-consistent, seeded.
 */
export const SIM_TENANT_ID = '72f988bf-86f1-41af-91ab-2d7cd011db47';
export const SIM_CLIENT_ID = '0c6f6c2e-7a25-4d7e-9d4b-6a1c2c7f0a11';
export const SIM_CLIENT_SECRET = 'sim~azure.Secret_0123456789abcdefghijklmnop';

interface SimSubscription {
  subscriptionId: string;
  displayName: string;
  state: string;
}

export const SIM_SUBSCRIPTIONS: SimSubscription[] = [
  { subscriptionId: '8f1d2c3b-4a5e-4f60-9a7b-1c2d3e4f5a6b', displayName: 'Contoso Production', state: 'Enabled' },
  { subscriptionId: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', displayName: 'Research GPU', state: 'Enabled' },
];

export interface SimVm {
  subscriptionId: string;
  resourceGroup: string;
  name: string;
  location: string;
  vmSize: string;
  power: 'running' | 'deallocated' | 'stopped' | 'starting';
  vmId: string;
}

export const SIM_VMS: SimVm[] = [
  {
    subscriptionId: SIM_SUBSCRIPTIONS[0]!.subscriptionId,
    resourceGroup: 'web-rg',
    name: 'web-01',
    location: 'eastus',
    vmSize: 'Standard_D4s_v5',
    power: 'running',
    vmId: '3d6a2b1c-0e9f-4c8b-a7d6-5e4f3a2b1c0d',
  },
  {
    subscriptionId: SIM_SUBSCRIPTIONS[0]!.subscriptionId,
    resourceGroup: 'web-rg',
    name: 'web-02',
    location: 'eastus',
    vmSize: 'Standard_D4s_v5',
    power: 'deallocated',
    vmId: '4e7b3c2d-1f0a-4d9c-b8e7-6f5a4b3c2d1e',
  },
  {
    subscriptionId: SIM_SUBSCRIPTIONS[0]!.subscriptionId,
    resourceGroup: 'ml-rg',
    name: 'gpu-train-01',
    location: 'eastus',
    vmSize: 'Standard_NC24ads_A100_v4',
    power: 'running',
    vmId: '5f8c4d3e-2a1b-4e0d-c9f8-7a6b5c4d3e2f',
  },
  {
    subscriptionId: SIM_SUBSCRIPTIONS[1]!.subscriptionId,
    resourceGroup: 'research',
    name: 'h100-node-1',
    location: 'eastus2',
    vmSize: 'Standard_ND96isr_H100_v5',
    power: 'running',
    vmId: '6a9d5e4f-3b2c-4f1e-d0a9-8b7c6d5e4f3a',
  },
  {
    subscriptionId: SIM_SUBSCRIPTIONS[1]!.subscriptionId,
    resourceGroup: 'research',
    name: 't4-inference',
    location: 'westeurope',
    vmSize: 'Standard_NC4as_T4_v3',
    power: 'deallocated',
    vmId: '7b0e6f5a-4c3d-4a2f-e1b0-9c8d7e6f5a4b',
  },
];

export const vmArmId = (vm: SimVm): string =>
  `/subscriptions/${vm.subscriptionId}/resourceGroups/${vm.resourceGroup}/providers/Microsoft.Compute/virtualMachines/${vm.name}`;

interface SimSize {
  name: string;
  family: string;
  vcpus: number;
  memoryGb: number;
  gpus: number;
  /** Pay-as-you-go Linux price per hour in USD. */
  price: number;
  /** Product name as Retail Prices spells it. */
  product: string;
  meter: string;
  regions: string[];
}

export const SIM_SIZES: SimSize[] = [
  {
    name: 'Standard_ND96isr_H100_v5',
    family: 'standardNDSH100v5Family',
    vcpus: 96,
    memoryGb: 1900,
    gpus: 8,
    price: 98.32,
    product: 'Virtual Machines NDsrH100v5 Series',
    meter: 'ND96isr H100 v5',
    regions: ['eastus', 'eastus2', 'southcentralus', 'westeurope'],
  },
  {
    name: 'Standard_NC40ads_H100_v5',
    family: 'StandardNCadsH100v5Family',
    vcpus: 40,
    memoryGb: 320,
    gpus: 1,
    price: 6.98,
    product: 'Virtual Machines NCadsH100v5 Series',
    meter: 'NC40ads H100 v5',
    regions: ['eastus', 'southcentralus', 'westeurope'],
  },
  {
    name: 'Standard_NC24ads_A100_v4',
    family: 'StandardNCADSA100v4Family',
    vcpus: 24,
    memoryGb: 220,
    gpus: 1,
    price: 3.673,
    product: 'Virtual Machines NCadsA100v4 Series',
    meter: 'NC24ads A100 v4',
    regions: ['eastus', 'eastus2', 'westeurope'],
  },
  {
    name: 'Standard_NC96ads_A100_v4',
    family: 'StandardNCADSA100v4Family',
    vcpus: 96,
    memoryGb: 880,
    gpus: 4,
    price: 14.692,
    product: 'Virtual Machines NCadsA100v4 Series',
    meter: 'NC96ads A100 v4',
    regions: ['eastus', 'eastus2'],
  },
  {
    name: 'Standard_NC4as_T4_v3',
    family: 'standardNCASv3_T4Family',
    vcpus: 4,
    memoryGb: 28,
    gpus: 1,
    price: 0.526,
    product: 'Virtual Machines NCasT4 v3 Series',
    meter: 'NC4as T4 v3',
    regions: ['eastus', 'westeurope', 'southcentralus'],
  },
];

export const SIM_REGIONS: Record<string, string> = {
  eastus: 'US East',
  eastus2: 'US East 2',
  southcentralus: 'US South Central',
  westeurope: 'EU West',
};

/** Family vCPU quotas per region: `[limit, used]`; absent = Azure's default of 0 for GPU families. */
export const SIM_QUOTAS: Record<string, Record<string, [number, number]>> = {
  eastus: {
    StandardNCADSA100v4Family: [48, 24],
    StandardNCadsH100v5Family: [40, 0],
    standardNCASv3_T4Family: [16, 0],
    standardNDSH100v5Family: [0, 0],
  },
  eastus2: { standardNDSH100v5Family: [192, 96], StandardNCADSA100v4Family: [96, 0] },
  southcentralus: { standardNDSH100v5Family: [96, 0], StandardNCadsH100v5Family: [80, 0] },
  westeurope: { standardNCASv3_T4Family: [8, 4], StandardNCADSA100v4Family: [24, 0] },
};

/** `size|region` the subscription may not deploy (Resource SKUs restriction). */
export const SIM_RESTRICTED = new Set(['Standard_ND96isr_H100_v5|westeurope']);
