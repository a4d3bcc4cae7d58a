/**
 * Resource fields as people read them: the one table of labels and formats for the `meta` keys
 * providers fill (src/core/providers/<id>/parse.ts), so `pricePerHour: 0.1532` reads `Price
 * $0.153/h` in the window (and any face that shows resource details). A key not in the table still
 * gets a readable label (`resourceGroup` → `Resource group`) and its value as text; a new provider
 * field only needs a line here to be formatted.
 */
import { formatMoney } from './money';
import { formatAgo, formatDuration } from './time';

export type FieldFormat =
  /** As it comes. */
  | 'text'
  /** Identifiers: shown as they come, after the descriptive fields. */
  | 'id'
  /** $ per hour: `$0.153/h`. */
  | 'money-hour'
  | 'gb'
  /** Megabytes, shown in GB from 1 GB up (`2 GB`, `512 MB`). */
  | 'mb'
  /** Seconds as a duration (`2 h 5 min`). */
  | 'seconds'
  /** An instant: `3 d ago` (the ISO time in the title). */
  | 'time'
  | 'percent'
  | 'bool'
  /** Neon compute units. */
  | 'cu';

export interface FieldSpec {
  label: string;
  format: FieldFormat;
  /** Left out: repeats another field (`suspendTimeoutSeconds` next to `suspendTimeout`) or says nothing to a person. */
  hidden?: boolean;
}

/** Every `meta` key the providers set today, by label. Order here is the display order. */
export const RESOURCE_FIELDS: Readonly<Record<string, FieldSpec>> = {
  pricePerHour: { label: 'Price', format: 'money-hour' },
  costPerHour: { label: 'Cost', format: 'money-hour' },
  status: { label: 'Status', format: 'text' },
  statusMessage: { label: 'Status message', format: 'text' },
  gpu: { label: 'GPU', format: 'text' },
  gpus: { label: 'GPUs', format: 'text' },
  gpuCount: { label: 'GPUs', format: 'text' },
  gpuDescription: { label: 'GPU', format: 'text' },
  gpuUtil: { label: 'GPU utilisation', format: 'percent' },
  gpuMetrics: { label: 'GPU metrics', format: 'text' },
  cpu: { label: 'CPU', format: 'text' },
  cores: { label: 'Cores', format: 'text' },
  vcpus: { label: 'vCPUs', format: 'text' },
  ocpus: { label: 'OCPUs', format: 'text' },
  memoryGb: { label: 'Memory', format: 'gb' },
  memoryMb: { label: 'Memory', format: 'mb' },
  ramGb: { label: 'RAM', format: 'gb' },
  diskGb: { label: 'Disk', format: 'gb' },
  size: { label: 'Size', format: 'text' },
  type: { label: 'Type', format: 'text' },
  instanceType: { label: 'Instance type', format: 'text' },
  machineType: { label: 'Machine type', format: 'text' },
  serverType: { label: 'Server type', format: 'text' },
  shape: { label: 'Shape', format: 'text' },
  cloud: { label: 'Cloud', format: 'text' },
  image: { label: 'Image', format: 'text' },
  cudaVersion: { label: 'CUDA', format: 'text' },
  pgVersion: { label: 'Postgres', format: 'text' },
  uptimeSeconds: { label: 'Uptime', format: 'seconds' },
  ip: { label: 'IP address', format: 'text' },
  hostname: { label: 'Host name', format: 'text' },
  ssh: { label: 'SSH', format: 'text' },
  zone: { label: 'Zone', format: 'text' },
  availabilityDomain: { label: 'Availability domain', format: 'text' },
  faultDomain: { label: 'Fault domain', format: 'text' },
  jurisdiction: { label: 'Jurisdiction', format: 'text' },
  storageClass: { label: 'Storage class', format: 'text' },
  usageModel: { label: 'Usage model', format: 'text' },
  handlers: { label: 'Handlers', format: 'text' },
  placement: { label: 'Placement', format: 'text' },
  compatibilityDate: { label: 'Compatibility date', format: 'text' },
  branch: { label: 'Branch', format: 'text' },
  branches: { label: 'Branches', format: 'text' },
  computes: { label: 'Computes', format: 'text' },
  activeComputes: { label: 'Active computes', format: 'text' },
  minCu: { label: 'Min compute', format: 'cu' },
  maxCu: { label: 'Max compute', format: 'cu' },
  autoscaling: { label: 'Autoscaling', format: 'text' },
  suspendTimeout: { label: 'Suspends after', format: 'text' },
  suspendTimeoutSeconds: { label: 'Suspends after', format: 'seconds', hidden: true },
  default: { label: 'Default branch', format: 'bool' },
  protected: { label: 'Protected', format: 'bool' },
  disabled: { label: 'Disabled', format: 'bool' },
  locked: { label: 'Locked', format: 'bool' },
  owner: { label: 'Owner', format: 'text' },
  parent: { label: 'Parent branch', format: 'id' },
  instances: { label: 'Instances', format: 'text' },
  vms: { label: 'VMs', format: 'text' },
  tags: { label: 'Tags', format: 'text' },
  labels: { label: 'Labels', format: 'text' },
  cluster: { label: 'Cluster', format: 'text' },
  project: { label: 'Project', format: 'text' },
  subscription: { label: 'Subscription', format: 'text' },
  resourceGroup: { label: 'Resource group', format: 'text' },
  accountName: { label: 'Account', format: 'text' },
  createdAt: { label: 'Created', format: 'time' },
  createdOn: { label: 'Created', format: 'time' },
  timeCreated: { label: 'Created', format: 'time' },
  startedAt: { label: 'Started', format: 'time' },
  modifiedOn: { label: 'Modified', format: 'time' },
  updatedAt: { label: 'Updated', format: 'time' },
  lastActive: { label: 'Last active', format: 'time' },
  suspendedAt: { label: 'Suspended', format: 'time' },
  accountId: { label: 'Account ID', format: 'id' },
  projectId: { label: 'Project ID', format: 'id' },
  orgId: { label: 'Organisation ID', format: 'id' },
  branchId: { label: 'Branch ID', format: 'id' },
  endpointId: { label: 'Endpoint ID', format: 'id' },
  instanceId: { label: 'Instance ID', format: 'id' },
  machineId: { label: 'Machine ID', format: 'id' },
  subscriptionId: { label: 'Subscription ID', format: 'id' },
  compartmentId: { label: 'Compartment ID', format: 'id' },
  armId: { label: 'Azure resource ID', format: 'id' },
};

const ORDER = new Map(Object.keys(RESOURCE_FIELDS).map((k, i) => [k, i]));

/** Words that are acronyms or brand spellings when a key is split into words. */
const WORDS: Readonly<Record<string, string>> = {
  id: 'ID',
  ids: 'IDs',
  ip: 'IP',
  cpu: 'CPU',
  gpu: 'GPU',
  gpus: 'GPUs',
  vcpus: 'vCPUs',
  gb: 'GB',
  mb: 'MB',
  url: 'URL',
  http: 'HTTP',
  https: 'HTTPS',
  ssh: 'SSH',
  os: 'OS',
  vm: 'VM',
  vms: 'VMs',
};

/** `resourceGroup` → `Resource group`, `publicIpV4` → `Public IP v4`, `disk_size_gb` → `Disk size GB`. */
export function humanizeKey(key: string): string {
  const words = key
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => WORDS[w.toLowerCase()] ?? w.toLowerCase());
  if (words.length === 0) return key;
  const [first, ...rest] = words;
  return [first!.charAt(0).toUpperCase() + first!.slice(1), ...rest].join(' ');
}

export interface FormattedField {
  key: string;
  label: string;
  /** What to show. */
  text: string;
  /** More than the text says (the exact value, an ISO time), for a title/tooltip. */
  detail?: string;
  /** Identifiers come after the descriptive fields and may be shown smaller. */
  id: boolean;
}

type FieldValue = string | number | boolean | null | undefined;

/** One field, labelled and formatted; undefined for empty or hidden ones. */
export function formatField(key: string, value: FieldValue, now: number): FormattedField | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const spec = RESOURCE_FIELDS[key];
  if (spec?.hidden) return undefined;
  const label = spec?.label ?? humanizeKey(key);
  const format = spec?.format ?? 'text';
  const out = (text: string, detail?: string): FormattedField => ({
    key,
    label,
    text,
    ...(detail !== undefined && detail !== text ? { detail } : {}),
    id: format === 'id',
  });
  if (typeof value === 'boolean') return out(value ? 'yes' : 'no');
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return out(String(value));
    switch (format) {
      case 'money-hour':
        return out(`${formatMoney(value)}/h`, String(value));
      case 'gb':
        return out(`${trimNumber(value)} GB`);
      case 'mb':
        return out(value >= 1024 ? `${trimNumber(value / 1024)} GB` : `${trimNumber(value)} MB`);
      case 'seconds':
        return out(value < 60 ? `${Math.round(value)} s` : formatDuration(value * 1000), `${value} s`);
      case 'percent':
        return out(`${trimNumber(value)}%`);
      case 'cu':
        return out(`${trimNumber(value)} CU`);
      case 'time':
        return out(formatAgo(value, now), new Date(value).toISOString());
      default:
        return out(trimNumber(value));
    }
  }
  if (format === 'time') {
    const t = Date.parse(value);
    return Number.isNaN(t) ? out(value) : out(formatAgo(t, now), value);
  }
  return out(value);
}

/**
 * A resource's `meta` as labelled, formatted fields: the table's order first (price, status,
 * hardware, places, times), then unknown keys by name, identifiers last.
 */
export function formatFields(meta: Readonly<Record<string, FieldValue>>, now: number): FormattedField[] {
  const fields: FormattedField[] = [];
  for (const [k, v] of Object.entries(meta)) {
    const f = formatField(k, v, now);
    if (f) fields.push(f);
  }
  const rank = (f: FormattedField) => (f.id ? 2 : ORDER.has(f.key) ? 0 : 1);
  return fields.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      (ORDER.get(a.key) ?? Infinity) - (ORDER.get(b.key) ?? Infinity) ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}

/** `80`, `1.5`, `0.25`: up to two decimals, no trailing zeros. */
function trimNumber(n: number): string {
  return String(Math.round(n * 100) / 100);
}
