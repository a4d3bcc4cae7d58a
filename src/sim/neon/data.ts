/**
 * Simulated Neon organizations, projects, branches, databases and compute endpoints, with usage
 * counters that grow while computes are active (and only then: an idle compute costs nothing).
 */
export type NeonPlan = 'free' | 'launch' | 'scale' | 'business';

export interface NeonSimOrg {
  id: string;
  name: string;
  handle: string;
  plan: NeonPlan;
  created_at: string;
}

export interface NeonSimKey {
  value: string;
  auth_method: 'api_key_user' | 'api_key_org';
  /** Org keys act for one organization; user keys for the user (personal projects + member orgs). */
  orgId?: string;
  memberOf: string[];
}

interface NeonSimDatabase {
  id: number;
  name: string;
  owner_name: string;
  created_at: string;
  updated_at: string;
}

interface NeonSimBranch {
  id: string;
  name: string;
  parent_id?: string;
  default: boolean;
  protected: boolean;
  current_state: 'ready' | 'archived' | 'init';
  state_changed_at: string;
  created_at: string;
  updated_at: string;
  logical_size: number;
  databases: NeonSimDatabase[];
  active_time_seconds: number;
  compute_time_seconds: number;
  written_data_bytes: number;
  data_transfer_bytes: number;
}

export interface NeonSimEndpoint {
  id: string;
  name?: string;
  branch_id: string;
  type: 'read_write' | 'read_only';
  current_state: 'active' | 'idle' | 'init';
  min_cu: number;
  max_cu: number;
  /** Current size while active (between min and max). */
  cu: number;
  suspend_timeout_seconds: number;
  disabled: boolean;
  created_at: string;
  updated_at: string;
  last_active?: string;
  started_at?: string;
  suspended_at?: string;
}

export interface NeonSimProject {
  id: string;
  name: string;
  org_id?: string;
  region_id: string;
  pg_version: number;
  created_at: string;
  updated_at: string;
  owner_id: string;
  branches: NeonSimBranch[];
  endpoints: NeonSimEndpoint[];
  active_time_seconds: number;
  compute_time_seconds: number;
  written_data_bytes: number;
  data_transfer_bytes: number;
  data_storage_bytes_hour: number;
  synthetic_storage_size: number;
}

const ADJ = [
  'autumn',
  'silent',
  'cool',
  'wispy',
  'small',
  'quiet',
  'bold',
  'calm',
  'shy',
  'red',
  'royal',
  'steep',
  'young',
  'polished',
];
const NOUN = [
  'river',
  'smoke',
  'term',
  'meadow',
  'salad',
  'frost',
  'sea',
  'mode',
  'snow',
  'poetry',
  'darkness',
  'bread',
  'voice',
  'king',
];
const REGIONS = ['aws-us-east-2', 'aws-us-west-2', 'aws-eu-central-1', 'aws-ap-southeast-1', 'azure-eastus2'];

export function neonName(rand: () => number, digits = 8): string {
  const n = Math.floor(rand() * 10 ** digits)
    .toString()
    .padStart(digits, '0');
  return `${ADJ[Math.floor(rand() * ADJ.length)]}-${NOUN[Math.floor(rand() * NOUN.length)]}-${n}`;
}

export const isoAt = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export function makeProject(
  rand: () => number,
  createdAtMs: number,
  orgId: string | undefined,
  opts: { branches?: number; endpointsActive?: number } = {},
): NeonSimProject {
  const id = neonName(rand);
  const created = isoAt(createdAtMs);
  const nBranches = Math.max(1, opts.branches ?? 2);
  const branches: NeonSimBranch[] = [];
  for (let i = 0; i < nBranches; i++) {
    const bid = `br-${neonName(rand, 6)}`;
    branches.push({
      id: bid,
      name: i === 0 ? 'main' : i === 1 ? 'dev' : `preview/pr-${100 + i}`,
      parent_id: i === 0 ? undefined : branches[0]!.id,
      default: i === 0,
      protected: i === 0 && rand() < 0.3,
      current_state: 'ready',
      state_changed_at: created,
      created_at: created,
      updated_at: created,
      logical_size: Math.round(3e7 + rand() * 5e9),
      databases: [
        {
          id: Math.floor(rand() * 9e6) + 1e6,
          name: 'neondb',
          owner_name: 'neondb_owner',
          created_at: created,
          updated_at: created,
        },
        ...(i === 0 && rand() < 0.5
          ? [
              {
                id: Math.floor(rand() * 9e6) + 1e6,
                name: 'analytics',
                owner_name: 'neondb_owner',
                created_at: created,
                updated_at: created,
              },
            ]
          : []),
      ],
      active_time_seconds: 0,
      compute_time_seconds: 0,
      written_data_bytes: 0,
      data_transfer_bytes: 0,
    });
  }
  const active = opts.endpointsActive ?? (rand() < 0.5 ? 1 : 0);
  const endpoints: NeonSimEndpoint[] = branches.slice(0, Math.min(branches.length, 2)).map((b, i) => {
    const min = [0.25, 0.25, 0.5, 1][Math.floor(rand() * 4)]!;
    const max = Math.max(min, [0.25, 1, 2, 4, 8][Math.floor(rand() * 5)]!);
    return {
      id: `ep-${neonName(rand, 6)}`,
      branch_id: b.id,
      type: 'read_write',
      current_state: i < active ? 'active' : 'idle',
      min_cu: min,
      max_cu: max,
      cu: min,
      suspend_timeout_seconds: [0, 0, 300, 600, -1][Math.floor(rand() * 5)]!,
      disabled: false,
      created_at: created,
      updated_at: created,
      last_active: created,
    };
  });
  const usage = Math.round(rand() * 400_000);
  return {
    id,
    name: id.split('-').slice(0, 2).join('-'),
    org_id: orgId,
    region_id: REGIONS[Math.floor(rand() * REGIONS.length)]!,
    pg_version: [15, 16, 17, 17][Math.floor(rand() * 4)]!,
    created_at: created,
    updated_at: created,
    owner_id: '629982cc-de05-43db-ae16-28f2399c4910',
    branches,
    endpoints,
    active_time_seconds: usage,
    compute_time_seconds: Math.round(usage * 0.6),
    written_data_bytes: Math.round(usage * 4e4),
    data_transfer_bytes: Math.round(usage * 2e3),
    data_storage_bytes_hour: Math.round(rand() * 4e12),
    synthetic_storage_size: branches.reduce((a, b) => a + b.logical_size, 0),
  };
}

export function hostOf(p: NeonSimProject, e: NeonSimEndpoint): string {
  const region = p.region_id.replace(/^aws-|^azure-/, '');
  return `${e.id}.${region}.aws.neon.tech`;
}

/** Advance usage counters by `seconds` of wall time for every active compute. */
export function accrue(p: NeonSimProject, seconds: number): void {
  for (const e of p.endpoints) {
    if (e.current_state !== 'active') continue;
    const b = p.branches.find((x) => x.id === e.branch_id);
    const cpu = Math.round(seconds * e.cu);
    p.active_time_seconds += seconds;
    p.compute_time_seconds += cpu;
    p.written_data_bytes += seconds * 2_000;
    p.data_transfer_bytes += seconds * 500;
    if (b) {
      b.active_time_seconds += seconds;
      b.compute_time_seconds += cpu;
      b.written_data_bytes += seconds * 2_000;
      b.data_transfer_bytes += seconds * 500;
    }
  }
}
