/**
 * Lambda Cloud simulator: the real API's paths, envelopes and error bodies on loopback
 * (OpenAPI 1.10.0, vendored in test/fixtures/specs/lambda).
 *
 * - Auth on every call: `Authorization: Bearer <key>`, or Basic with `base64(key + ":")` (what
 *   `curl -u key:` sends); a missing or wrong key gets 401 `global/invalid-api-key`.
 * - `GET /api/v1/instance-types`: `{data: {<name>: {instance_type, regions_with_capacity_available}}}`.
 * - `GET /api/v1/instances` (`?cluster_id=`), `GET /api/v1/instances/{id}`, `GET /api/v1/regions`.
 * - Rate: "generally limited to one request per second" (small burst allowed). The 429 body is not
 *   documented; the simulator answers with the standard envelope, code `global/too-many-requests`
 *   (our assumption), and no Retry-After (unconfirmed, so clients must not rely on it).
 */
import { seededRandom, startHttpSim, type HttpSim, type SimRequest, type SimResponse } from '../common/http-sim';
import type { RunningSim, SimStartOptions, SimulatorDescriptor } from '../types';
import { RateLimiter, type BucketSpec } from '../vastai/rate-limit';
import {
  DEFAULT_CAPACITY,
  LAMBDA_REGIONS,
  LAMBDA_TYPES,
  makeLambdaInstance,
  type LambdaSimInstance,
  type LambdaSimType,
} from './catalog';

export const LAMBDA_SIM_API_KEY = 'secret_sim-lambda_0123456789abcdef.SIMKEY0123456789';
/** A key for an account that has not verified its email / payment method. */
export const LAMBDA_SIM_INACTIVE_KEY = 'secret_sim-lambda_inactive.SIMKEY';
const LAMBDA_SIM_LIMIT: BucketSpec = { burst: 3, perSecond: 1 };

const LAMBDA_SCENARIOS = ['default', 'sold-out', 'h100-appears', 'empty'] as const;
type LambdaScenarioName = (typeof LAMBDA_SCENARIOS)[number];

interface LambdaScenario {
  readonly types: LambdaSimType[];
  /** Regions with capacity per type name; an empty list = sold out. */
  readonly capacity: Map<string, string[]>;
  readonly instances: LambdaSimInstance[];
  readonly limiter: RateLimiter;
  setCapacity(typeName: string, regions: string[]): void;
  soldOut(typeName: string): void;
  /** Sets a type's price in US cents per hour. */
  setPrice(typeName: string, cents: number): void;
  addType(type: LambdaSimType, regions?: string[]): void;
  removeType(typeName: string): void;
  addInstance(typeName: string, region: string, status?: string, name?: string): LambdaSimInstance;
  setInstances(count: number): void;
  /** The next `count` requests get a 429 with Lambda's error envelope. */
  tooManyRequests(count?: number): void;
  readonly instanceTypeCalls: number;
}

export interface LambdaRunningSim extends RunningSim {
  scenario: LambdaScenario;
  apiKey: string;
}

const err = (status: number, code: string, message: string, suggestion?: string): SimResponse => ({
  status,
  body: { error: { code, message, ...(suggestion ? { suggestion } : {}) } },
});

const UNAUTHORIZED = (): SimResponse =>
  err(
    401,
    'global/invalid-api-key',
    'API key was invalid, expired, or deleted.',
    'Check your API key or create a new one, then try again.',
  );
const TOO_MANY = (): SimResponse =>
  err(
    429,
    'global/too-many-requests',
    'Too many requests.',
    'Requests are limited to one per second; try again shortly.',
  );

/** The key from Bearer, Basic base64(key:) / base64(key), or a raw Basic value. */
function lambdaKeyFrom(req: SimRequest): string | undefined {
  const h = req.headers.authorization;
  if (typeof h !== 'string') return undefined;
  const bearer = /^Bearer\s+(.+)$/i.exec(h);
  if (bearer) return bearer[1]!.trim();
  const basic = /^Basic\s+(.+)$/i.exec(h);
  if (!basic) return undefined;
  const raw = basic[1]!.trim();
  const decoded = Buffer.from(raw.replace(/:$/, ''), 'base64').toString('utf8');
  if (decoded === LAMBDA_SIM_API_KEY || decoded === LAMBDA_SIM_INACTIVE_KEY) return decoded;
  if (decoded.endsWith(':')) return decoded.slice(0, -1);
  return raw.replace(/:$/, '');
}

export async function startLambdaSim(opts: SimStartOptions = {}): Promise<LambdaRunningSim> {
  const scenarioName = (opts.scenario ?? 'default') as LambdaScenarioName;
  if (!LAMBDA_SCENARIOS.includes(scenarioName))
    throw new Error(`unknown lambda scenario ${scenarioName} (have: ${LAMBDA_SCENARIOS.join(', ')})`);
  const rand = seededRandom(opts.seed ?? 11);
  const types: LambdaSimType[] = LAMBDA_TYPES.map((x) => ({ ...x, specs: { ...x.specs } }));
  const capacity = new Map<string, string[]>(
    types.map((x) => [x.name, scenarioName === 'sold-out' ? [] : [...(DEFAULT_CAPACITY[x.name] ?? [])]]),
  );
  if (scenarioName === 'h100-appears')
    for (const x of types) if (x.gpu_description.startsWith('H100')) capacity.set(x.name, []);
  const instances: LambdaSimInstance[] = [];
  const limiter = new RateLimiter();
  let instanceTypeCalls = 0;

  const scenario: LambdaScenario = {
    types,
    capacity,
    instances,
    limiter,
    get instanceTypeCalls() {
      return instanceTypeCalls;
    },
    setCapacity(typeName, regions) {
      if (!types.some((x) => x.name === typeName)) throw new Error(`no instance type ${typeName}`);
      capacity.set(typeName, [...regions]);
    },
    soldOut(typeName) {
      scenario.setCapacity(typeName, []);
    },
    setPrice(typeName, cents) {
      const x = types.find((y) => y.name === typeName);
      if (!x) throw new Error(`no instance type ${typeName}`);
      x.price_cents_per_hour = Math.round(cents);
    },
    addType(type, regions = []) {
      types.push(type);
      capacity.set(type.name, [...regions]);
    },
    removeType(typeName) {
      const i = types.findIndex((x) => x.name === typeName);
      if (i >= 0) types.splice(i, 1);
      capacity.delete(typeName);
    },
    addInstance(typeName, region, status = 'active', name) {
      const inst = makeLambdaInstance(rand, typeName, region, status, name);
      instances.push(inst);
      return inst;
    },
    setInstances(count) {
      instances.splice(0, instances.length);
      const statuses = ['active', 'active', 'booting', 'unhealthy', 'terminating'];
      for (let i = 0; i < count; i++)
        scenario.addInstance(
          i % 2 ? 'gpu_1x_a10' : 'gpu_8x_h100_sxm5',
          i % 2 ? 'us-east-1' : 'us-south-2',
          statuses[i % statuses.length],
          i % 3 ? `train-${i}` : undefined,
        );
    },
    tooManyRequests(count = 1) {
      const r = TOO_MANY();
      http.control.failNext({ status: r.status, body: r.body }, count);
    },
  };
  if (scenarioName !== 'empty') scenario.setInstances(3);

  const region = (name: string): { name: string; description: string } =>
    LAMBDA_REGIONS.find((r) => r.name === name) ?? { name, description: name };

  const router = (req: SimRequest): SimResponse => {
    const key = lambdaKeyFrom(req);
    if (key !== LAMBDA_SIM_API_KEY && key !== LAMBDA_SIM_INACTIVE_KEY) return UNAUTHORIZED();
    if (key === LAMBDA_SIM_INACTIVE_KEY) {
      return err(
        403,
        'global/account-inactive',
        'Your account is inactive.',
        'Make sure you have verified your email address and have a valid payment method. Contact Support if problems continue.',
      );
    }
    if (!limiter.take(key, LAMBDA_SIM_LIMIT)) return TOO_MANY();
    if (req.method !== 'GET')
      return err(405, 'global/invalid-parameters', `${req.method} is not supported on ${req.path}.`);

    if (req.path === '/api/v1/instance-types') {
      instanceTypeCalls++;
      if (scenarioName === 'h100-appears' && instanceTypeCalls === 4) {
        for (const x of types)
          if (x.gpu_description.startsWith('H100 (80 GB SXM5)')) capacity.set(x.name, ['us-south-2']);
      }
      const data: Record<string, unknown> = {};
      for (const x of types) {
        data[x.name] = { instance_type: x, regions_with_capacity_available: (capacity.get(x.name) ?? []).map(region) };
      }
      return { status: 200, body: { data } };
    }
    if (req.path === '/api/v1/instances') {
      const cluster = req.query.get('cluster_id');
      // No cluster membership in the simulator: a cluster filter matches nothing.
      return { status: 200, body: { data: cluster ? [] : instances } };
    }
    const one = /^\/api\/v1\/instances\/([^/]+)$/.exec(req.path);
    if (one) {
      const inst = instances.find((i) => i.id === one[1]);
      return inst
        ? { status: 200, body: { data: inst } }
        : err(404, 'global/object-does-not-exist', 'Specified instance does not exist.');
    }
    if (req.path === '/api/v1/regions') return { status: 200, body: { data: LAMBDA_REGIONS } };
    return err(404, 'global/not-found', 'The requested resource was not found.');
  };

  const http: HttpSim = await startHttpSim(router, { port: opts.port, maxRecords: opts.demo ? 2000 : undefined });

  const tick = (): void => {
    // Capacity flips region by region; prices move rarely (Lambda's list prices are stable).
    for (const x of types) {
      if (x.specs.gpus === 0) continue;
      const regions = capacity.get(x.name) ?? [];
      if (rand() < 0.12) {
        if (regions.length > 0 && rand() < 0.5) regions.splice(Math.floor(rand() * regions.length), 1);
        else {
          const r = LAMBDA_REGIONS[Math.floor(rand() * LAMBDA_REGIONS.length)]!.name;
          if (!regions.includes(r)) regions.push(r);
        }
        capacity.set(x.name, regions);
      }
      if (rand() < 0.02)
        x.price_cents_per_hour = Math.max(1, Math.round(x.price_cents_per_hour * (1 + (rand() * 0.06 - 0.03))));
    }
    for (const i of instances) if (i.status === 'booting' && rand() < 0.5) i.status = 'active';
  };

  return {
    id: 'lambda',
    baseUrl: http.url,
    credentials: { apiKey: LAMBDA_SIM_API_KEY },
    apiKey: LAMBDA_SIM_API_KEY,
    http,
    scenario,
    tick,
    close: () => http.close(),
  };
}

export const lambdaSim: SimulatorDescriptor = {
  id: 'lambda',
  scenarios: [...LAMBDA_SCENARIOS],
  start: (opts) => startLambdaSim(opts),
};
