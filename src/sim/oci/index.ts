/**
 * Oracle Cloud simulator: Compute (`/20160918`: instances, shapes, compute capacity reports),
 * Identity (`/20160918/availabilityDomains`) and Monitoring (`/20180401`: summarizeMetricsData) on
 * one loopback port, with OCI's JSON shapes, `opc-next-page` paging, `{code, message}` errors with
 * `opc-request-id`, and request-signature verification against a key pair made per start.
 *
 * Scenarios: `default` (a few instances, GPU shapes in three ADs), `free-tier` (no GPU shapes, two
 * Always Free instances), `large` (1,000 instances, for benchmarks).
 */
import crypto from 'node:crypto';
import type { ProviderId } from '../../shared/model';
import { seededRandom, startHttpSim, type SimRequest, type SimResponse } from '../common/http-sim';
import type { RunningSim, SimStartOptions, SimulatorDescriptor } from '../types';
import {
  adPrefix,
  DEFAULT_CAPACITY,
  instanceJson,
  instanceRegionKey,
  shapeCatalogue,
  type Json,
  type SimShape,
} from './data';
import { matchesFilters, parseMql } from './mql';
import { defaultPriceParts, PRICE_LIST_PATH, priceListResponse, type SimPricePart } from './price-list';
import { keyFingerprint, verifyOciSignature, type SigningAccount } from './signature';

interface OciSimAccount extends SigningAccount {
  region: string;
  privateKeyPem: string;
  /** A second compartment under the tenancy (empty unless a scenario adds instances to it). */
  compartment: string;
}

type GpuNamespaceMode = 'present' | 'empty' | 'missing-error';

interface OciSimInstanceInput {
  displayName?: string;
  shape?: string;
  ad?: string;
  lifecycleState?: string;
  compartmentId?: string;
  cpu?: number;
  memory?: number;
  gpu?: number;
}

interface MetricState {
  cpu: number;
  memory: number;
  gpu: number;
}

/** Scenario controls beyond the generic SimControl. */
interface OciSimScenario {
  readonly account: OciSimAccount;
  /** Full AD names, e.g. `Uocm:US-ASHBURN-AD-1`. */
  readonly availabilityDomains: string[];
  /** `ad` may be the full name or `AD-1`. Any status string is allowed (OCI adds values). */
  setCapacity(shape: string, ad: string, status: string, availableCount?: number): void;
  getCapacity(shape: string, ad: string): { status: string; count: number } | undefined;
  addInstance(input?: OciSimInstanceInput): Json;
  removeInstance(id: string): boolean;
  setInstanceState(id: string, lifecycleState: string): void;
  instances(): Json[];
  setMetric(id: string, metric: 'cpu' | 'memory' | 'gpu', value: number): void;
  /** How summarizeMetricsData treats `gpu_infrastructure_health`. */
  setGpuNamespace(mode: GpuNamespaceMode): void;
  /** Parts of the public price list (`/pls/apex/cetools/api/v1/products/`); edit to change prices. */
  readonly priceParts: SimPricePart[];
  /** Server-side cap on page size (OCI pages long lists). */
  setPageSize(n: number): void;
  /** The next `count` requests get 429 TooManyRequests with `retry-after`. */
  rateLimitNext(count?: number, retryAfterSeconds?: number): void;
  /** Requests whose signature failed verification, with the reason (for tests). */
  readonly authFailures: Array<{ path: string; reason: string }>;
}

export interface OciRunningSim extends RunningSim {
  scenario: OciSimScenario;
}

const SCENARIOS = ['default', 'free-tier', 'large'];
const MAX_LIMIT = 1000;
const COMPUTE = '/20160918';
const MONITORING = '/20180401';

function hex(rand: () => number, n: number): string {
  let s = '';
  while (s.length < n) s += Math.floor(rand() * 16).toString(16);
  return s;
}

function ociError(status: number, code: string, message: string): SimResponse {
  return { status, body: { code, message } };
}

export async function startOciSim(opts: SimStartOptions = {}): Promise<OciRunningSim> {
  const scenarioName = opts.scenario ?? 'default';
  const priceParts = defaultPriceParts();
  if (!SCENARIOS.includes(scenarioName))
    throw new Error(`unknown oci scenario ${scenarioName} (${SCENARIOS.join(', ')})`);
  const rand = seededRandom(opts.seed ?? 7);
  const region = 'us-ashburn-1';

  const keys = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const tenancy = `ocid1.tenancy.oc1..aaaaaaaa${hex(rand, 52)}`;
  const account: OciSimAccount = {
    tenancy,
    user: `ocid1.user.oc1..aaaaaaaa${hex(rand, 52)}`,
    fingerprint: keyFingerprint(keys.publicKey),
    publicKey: keys.publicKey,
    privateKeyPem: keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    region,
    compartment: `ocid1.compartment.oc1..aaaaaaaa${hex(rand, 52)}`,
  };
  const adNames = ['AD-1', 'AD-2', 'AD-3'].map((a) => `Uocm:${adPrefix(region)}-${a}`);
  const fullAd = (ad: string): string => adNames.find((n) => n === ad || n.endsWith(`-${ad}`)) ?? ad;
  const shapes: SimShape[] = shapeCatalogue(scenarioName === 'free-tier');
  const capacity = new Map<string, { status: string; count: number }>();
  const capKey = (shape: string, ad: string): string => `${fullAd(ad)}|${shape}`;
  for (const [ad, shape, status, count] of DEFAULT_CAPACITY) capacity.set(capKey(shape, ad), { status, count });

  const instances: Json[] = [];
  const metrics = new Map<string, MetricState>();
  const authFailures: OciSimScenario['authFailures'] = [];
  let gpuNamespace: GpuNamespaceMode = 'present';
  let pageSize = 50;
  let serial = 0;
  const started = Date.now();

  const shapeByName = (name: string): SimShape | undefined => shapes.find((s) => s.json.shape === name);

  function addInstance(input: OciSimInstanceInput = {}): Json {
    const sh = shapeByName(input.shape ?? 'VM.Standard.E4.Flex');
    if (!sh) throw new Error(`oci sim: unknown shape ${input.shape}`);
    const ad = fullAd(input.ad ?? sh.ads[serial % sh.ads.length]!);
    serial++;
    const id = `ocid1.instance.oc1.iad.anuwc${hex(rand, 55)}`;
    const j = instanceJson({
      id,
      displayName: input.displayName ?? `sim-${String(serial).padStart(4, '0')}`,
      compartmentId: input.compartmentId ?? tenancy,
      ad,
      faultDomain: `FAULT-DOMAIN-${(serial % 3) + 1}`,
      region: instanceRegionKey(region),
      shape: sh.json,
      lifecycleState: input.lifecycleState ?? 'RUNNING',
      timeCreated: new Date(started - serial * 3_600_000).toISOString(),
      imageId: `ocid1.image.oc1.iad.aaaaaaaa${hex(rand, 52)}`,
    });
    instances.push(j);
    metrics.set(id, {
      cpu: input.cpu ?? Math.round(rand() * 80 + 5),
      memory: input.memory ?? Math.round(rand() * 60 + 20),
      gpu: input.gpu ?? Math.round(rand() * 90),
    });
    return j;
  }

  if (scenarioName === 'free-tier') {
    addInstance({ displayName: 'always-free-arm', shape: 'VM.Standard.A1.Flex' });
    addInstance({ displayName: 'always-free-micro', shape: 'VM.Standard.E2.1.Micro' });
  } else if (scenarioName === 'large') {
    const pool = ['VM.Standard.E4.Flex', 'VM.Standard.E4.Flex', 'VM.Standard.A1.Flex', 'VM.GPU.A10.1'];
    const states = ['RUNNING', 'RUNNING', 'RUNNING', 'STOPPED'];
    for (let i = 0; i < 1000; i++)
      addInstance({ shape: pool[i % pool.length], lifecycleState: states[i % states.length] });
  } else {
    addInstance({ displayName: 'web-1', shape: 'VM.Standard.E4.Flex', ad: 'AD-1' });
    addInstance({ displayName: 'web-2', shape: 'VM.Standard.E4.Flex', ad: 'AD-2' });
    addInstance({ displayName: 'arm-builder', shape: 'VM.Standard.A1.Flex', ad: 'AD-3' });
    addInstance({ displayName: 'batch-old', shape: 'VM.Standard.E4.Flex', ad: 'AD-1', lifecycleState: 'STOPPED' });
    addInstance({ displayName: 'llm-inference', shape: 'VM.GPU.A10.1', ad: 'AD-1', gpu: 72 });
    addInstance({ displayName: 'train-a100', shape: 'BM.GPU4.8', ad: 'AD-2', gpu: 95 });
  }

  // ------------------------------------------------------------------------------------------
  // Routing

  function requestId(req: SimRequest): string {
    const client = req.headers['opc-request-id'];
    const own = hex(Math.random, 32).toUpperCase();
    return typeof client === 'string' && client ? `${client}/${own}` : own;
  }

  function paged(req: SimRequest, items: Json[]): SimResponse {
    const limitRaw = req.query.get('limit');
    const limit = limitRaw === null ? pageSize : Number(limitRaw);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
      return ociError(400, 'InvalidParameter', `limit must be between 1 and ${MAX_LIMIT}`);
    const page = req.query.get('page');
    let offset = 0;
    if (page !== null) {
      const m = /^p([0-9a-f]+)$/.exec(page);
      if (!m) return ociError(400, 'InvalidParameter', 'Invalid page token');
      offset = parseInt(m[1]!, 16);
    }
    const size = Math.min(limit, pageSize);
    const slice = items.slice(offset, offset + size);
    const headers: Record<string, string> = {};
    if (offset + size < items.length) headers['opc-next-page'] = `p${(offset + size).toString(16)}`;
    return { status: 200, headers, body: slice };
  }

  function knownCompartment(id: string | null): boolean {
    return id === tenancy || id === account.compartment;
  }

  function listInstances(req: SimRequest): SimResponse {
    const c = req.query.get('compartmentId');
    if (!c) return ociError(400, 'MissingParameter', 'Missing compartmentId');
    if (!knownCompartment(c))
      return ociError(404, 'NotAuthorizedOrNotFound', 'Authorization failed or requested resource not found.');
    const ad = req.query.get('availabilityDomain');
    const state = req.query.get('lifecycleState');
    const name = req.query.get('displayName');
    const items = instances.filter(
      (i) =>
        i.compartmentId === c &&
        (!ad || i.availabilityDomain === ad) &&
        (!state || i.lifecycleState === state) &&
        (!name || i.displayName === name),
    );
    return paged(req, items);
  }

  function listShapes(req: SimRequest): SimResponse {
    const c = req.query.get('compartmentId');
    if (!c) return ociError(400, 'MissingParameter', 'Missing compartmentId');
    if (!knownCompartment(c))
      return ociError(404, 'NotAuthorizedOrNotFound', 'Authorization failed or requested resource not found.');
    const ad = req.query.get('availabilityDomain');
    if (ad && !adNames.includes(ad)) return ociError(400, 'InvalidParameter', `Invalid availabilityDomain ${ad}`);
    const items = shapes.filter((s) => !ad || s.ads.some((a) => fullAd(a) === ad)).map((s) => s.json);
    return paged(req, items);
  }

  function capacityReport(req: SimRequest): SimResponse {
    const b = req.json as
      | { compartmentId?: unknown; availabilityDomain?: unknown; shapeAvailabilities?: unknown }
      | undefined;
    if (!b || typeof b !== 'object') return ociError(400, 'InvalidParameter', 'Request body is not valid JSON');
    if (typeof b.compartmentId !== 'string') return ociError(400, 'MissingParameter', 'compartmentId is required');
    if (b.compartmentId !== tenancy)
      return ociError(400, 'InvalidParameter', 'compartmentId must be the root compartment (tenancy OCID)');
    if (typeof b.availabilityDomain !== 'string' || !adNames.includes(b.availabilityDomain)) {
      return ociError(400, 'InvalidParameter', 'availabilityDomain is missing or invalid');
    }
    if (!Array.isArray(b.shapeAvailabilities) || b.shapeAvailabilities.length === 0) {
      return ociError(400, 'InvalidParameter', 'shapeAvailabilities must list at least one shape');
    }
    const ad = b.availabilityDomain;
    const out: Json[] = [];
    for (const raw of b.shapeAvailabilities as unknown[]) {
      const s = raw as { instanceShape?: unknown; faultDomain?: unknown };
      if (typeof s?.instanceShape !== 'string') return ociError(400, 'InvalidParameter', 'instanceShape is required');
      const sh = shapeByName(s.instanceShape);
      const offered = sh?.ads.some((a) => fullAd(a) === ad);
      const cap = offered
        ? (capacity.get(capKey(s.instanceShape, ad)) ?? { status: 'AVAILABLE', count: 10 })
        : { status: 'HARDWARE_NOT_SUPPORTED', count: 0 };
      const entry: Json = { instanceShape: s.instanceShape, availableCount: cap.count, availabilityStatus: cap.status };
      if (typeof s.faultDomain === 'string') entry.faultDomain = s.faultDomain;
      out.push(entry);
    }
    return {
      status: 200,
      body: {
        compartmentId: tenancy,
        availabilityDomain: ad,
        shapeAvailabilities: out,
        timeCreated: new Date().toISOString(),
      },
    };
  }

  function listAvailabilityDomains(req: SimRequest): SimResponse {
    const c = req.query.get('compartmentId');
    if (!c) return ociError(400, 'MissingParameter', 'Missing compartmentId');
    if (!knownCompartment(c))
      return ociError(404, 'NotAuthorizedOrNotFound', 'Authorization failed or requested resource not found.');
    return {
      status: 200,
      body: adNames.map((name, i) => ({
        name,
        id: `ocid1.availabilitydomain.oc1..aaaaaaaa${i}sim`,
        compartmentId: tenancy,
      })),
    };
  }

  function wave(id: string, t: number, base: number): number {
    // Deterministic per instance and minute, so repeated queries agree.
    let h = 0;
    for (const ch of id) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
    const v = base + 8 * Math.sin(t / 600_000 + (h % 97)) + 3 * Math.sin(t / 97_000 + (h % 13));
    return Math.round(Math.min(100, Math.max(0, v)) * 100) / 100;
  }

  function summarize(req: SimRequest): SimResponse {
    const c = req.query.get('compartmentId');
    if (!c) return ociError(400, 'MissingParameter', 'Missing compartmentId');
    if (!knownCompartment(c))
      return ociError(404, 'NotAuthorizedOrNotFound', 'Authorization failed or requested resource not found.');
    const b = req.json as { namespace?: unknown; query?: unknown; startTime?: unknown; endTime?: unknown } | undefined;
    if (!b || typeof b.namespace !== 'string' || typeof b.query !== 'string')
      return ociError(400, 'InvalidParameter', 'namespace and query are required');
    const q = parseMql(b.query);
    if (!q) return ociError(400, 'InvalidParameter', `Invalid query: ${b.query}`);
    const end = typeof b.endTime === 'string' ? Date.parse(b.endTime) : Date.now();
    const start = typeof b.startTime === 'string' ? Date.parse(b.startTime) : end - 3_600_000;
    if (Number.isNaN(start) || Number.isNaN(end) || start >= end)
      return ociError(400, 'InvalidParameter', 'Invalid startTime/endTime');
    if ((end - start) / q.intervalMs > 100_000)
      return ociError(400, 'InvalidParameter', 'Too many data points requested');

    const running = instances.filter((i) => i.compartmentId === c && i.lifecycleState === 'RUNNING');
    const times: number[] = [];
    for (let t = Math.ceil(start / q.intervalMs) * q.intervalMs; t <= end; t += q.intervalMs) times.push(t);
    const out: Json[] = [];
    const stream = (i: Json, base: number, unit: string, gpu?: number): void => {
      // oci_computeagent streams carry the instance (resourceId…). The HPC plugin's GPU health streams
      // carry only what Oracle documents for them: component, timestamp, version (no instance id).
      const dims: Record<string, string> =
        gpu === undefined
          ? {
              resourceId: i.id as string,
              resourceDisplayName: i.displayName as string,
              availabilityDomain: i.availabilityDomain as string,
              faultDomain: i.faultDomain as string,
              shape: i.shape as string,
              imageId: i.imageId as string,
              region,
            }
          : { component: `GPU${gpu}`, timestamp: new Date(times.at(-1) ?? end).toISOString(), version: '1.0' };
      if (!matchesFilters(q.filters, dims)) return;
      out.push({
        namespace: b.namespace,
        compartmentId: c,
        name: q.metric,
        dimensions: dims,
        metadata: { unit, displayName: q.metric },
        resolution: `${q.intervalMs / 60_000}m`,
        aggregatedDatapoints: times.map((t) => ({
          timestamp: new Date(t).toISOString(),
          value: wave(`${i.id as string}${gpu ?? ''}`, t, base),
        })),
      });
    };

    if (b.namespace === 'oci_computeagent') {
      if (q.metric !== 'CpuUtilization' && q.metric !== 'MemoryUtilization') return { status: 200, body: [] };
      for (const i of running) {
        const m = metrics.get(i.id as string)!;
        stream(i, q.metric === 'CpuUtilization' ? m.cpu : m.memory, 'percent');
      }
    } else if (b.namespace === 'gpu_infrastructure_health') {
      if (gpuNamespace === 'missing-error')
        return ociError(404, 'NotAuthorizedOrNotFound', `Namespace ${b.namespace} not found in compartment.`);
      if (gpuNamespace === 'empty' || q.metric !== 'GpuUtilization') return { status: 200, body: [] };
      for (const i of running) {
        const gpus = Number((i.shapeConfig as Json | undefined)?.gpus ?? 0);
        const m = metrics.get(i.id as string)!;
        for (let g = 0; g < gpus; g++) stream(i, m.gpu, 'percent', g);
      }
    }
    return { status: 200, body: out };
  }

  async function route(req: SimRequest): Promise<SimResponse> {
    // The price list is public: no signature, and it lives outside the signed API paths.
    if (req.path === PRICE_LIST_PATH) return priceListResponse(req, priceParts);
    const verdict = verifyOciSignature(req, account);
    if (!verdict.ok) {
      authFailures.push({ path: req.path, reason: verdict.reason });
      if (authFailures.length > 1000) authFailures.splice(0, authFailures.length - 1000);
      return ociError(
        401,
        'NotAuthenticated',
        'The required information to complete authentication was not provided or was incorrect.',
      );
    }
    const p = req.path;
    if (req.method === 'GET' && p === `${COMPUTE}/instances`) return listInstances(req);
    if (req.method === 'GET' && p.startsWith(`${COMPUTE}/instances/`)) {
      const i = instances.find((x) => x.id === decodeURIComponent(p.slice(`${COMPUTE}/instances/`.length)));
      return i
        ? { status: 200, headers: { etag: String(serial) }, body: i }
        : ociError(404, 'NotAuthorizedOrNotFound', 'Authorization failed or requested resource not found.');
    }
    if (req.method === 'GET' && p === `${COMPUTE}/shapes`) return listShapes(req);
    if (req.method === 'POST' && p === `${COMPUTE}/computeCapacityReports`) return capacityReport(req);
    if (req.method === 'GET' && p === `${COMPUTE}/availabilityDomains`) return listAvailabilityDomains(req);
    if (req.method === 'POST' && p === `${MONITORING}/metrics/actions/summarizeMetricsData`) return summarize(req);
    return ociError(404, 'NotFound', `No route for ${req.method} ${p}`);
  }

  const http = await startHttpSim(
    async (req) => {
      const res = await route(req);
      return { ...res, headers: { 'opc-request-id': requestId(req), ...(res.headers ?? {}) } };
    },
    { port: opts.port, maxRecords: opts.demo ? 2_000 : undefined },
  );

  // ------------------------------------------------------------------------------------------
  // Scenario API and demo churn

  const churn = seededRandom((opts.seed ?? 7) + 1);
  const gpuCaps = (): Array<[string, string]> =>
    shapes
      .filter((s) => Number(s.json.gpus) > 0)
      .flatMap((s) => s.ads.map((a) => [s.json.shape as string, fullAd(a)] as [string, string]));

  const scenario: OciSimScenario = {
    priceParts,
    account,
    availabilityDomains: adNames,
    authFailures,
    setCapacity(shape, ad, status, availableCount) {
      capacity.set(capKey(shape, ad), { status, count: availableCount ?? (status === 'AVAILABLE' ? 1 : 0) });
    },
    getCapacity: (shape, ad) => capacity.get(capKey(shape, ad)),
    addInstance,
    removeInstance(id) {
      const i = instances.findIndex((x) => x.id === id);
      if (i < 0) return false;
      instances.splice(i, 1);
      metrics.delete(id);
      return true;
    },
    setInstanceState(id, lifecycleState) {
      const i = instances.find((x) => x.id === id);
      if (!i) throw new Error(`oci sim: no instance ${id}`);
      i.lifecycleState = lifecycleState;
    },
    instances: () => instances,
    setMetric(id, metric, value) {
      const m = metrics.get(id);
      if (!m) throw new Error(`oci sim: no instance ${id}`);
      m[metric] = value;
    },
    setGpuNamespace(mode) {
      gpuNamespace = mode;
    },
    setPageSize(n) {
      pageSize = Math.max(1, Math.floor(n));
    },
    rateLimitNext(count = 1, retryAfterSeconds = 1) {
      http.control.failNext(
        {
          status: 429,
          body: { code: 'TooManyRequests', message: 'Too many requests for the user' },
          headers: { 'retry-after': String(retryAfterSeconds) },
        },
        count,
      );
    },
  };

  function tick(): void {
    // Capacity comes and goes: what GPU watchers wait for.
    const caps = gpuCaps();
    if (caps.length && churn() < 0.5) {
      const [shape, ad] = caps[Math.floor(churn() * caps.length)]!;
      const cur = capacity.get(capKey(shape, ad));
      const nowAvailable = cur?.status !== 'AVAILABLE';
      capacity.set(
        capKey(shape, ad),
        nowAvailable
          ? { status: 'AVAILABLE', count: 1 + Math.floor(churn() * 4) }
          : { status: 'OUT_OF_HOST_CAPACITY', count: 0 },
      );
    }
    for (const i of instances) {
      const m = metrics.get(i.id as string)!;
      m.cpu = Math.min(98, Math.max(1, m.cpu + (churn() - 0.5) * 10));
      m.memory = Math.min(95, Math.max(5, m.memory + (churn() - 0.5) * 4));
      m.gpu = Math.min(100, Math.max(0, m.gpu + (churn() - 0.5) * 12));
      const s = i.lifecycleState;
      if (s === 'STARTING') i.lifecycleState = 'RUNNING';
      else if (s === 'STOPPING') i.lifecycleState = 'STOPPED';
      else if (s === 'STOPPED' && churn() < 0.1) i.lifecycleState = 'STARTING';
      else if (s === 'RUNNING' && churn() < 0.02) i.lifecycleState = 'STOPPING';
    }
  }

  return {
    id: 'oci' as ProviderId,
    baseUrl: http.url,
    credentials: {
      tenancy,
      user: account.user,
      fingerprint: account.fingerprint,
      privateKey: account.privateKeyPem,
      region,
    },
    http,
    tick,
    close: () => http.close(),
    scenario,
  };
}

export const ociSim: SimulatorDescriptor = {
  id: 'oci',
  scenarios: SCENARIOS,
  start: startOciSim,
};
