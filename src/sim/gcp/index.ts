/**
 * Google Cloud simulator: one loopback server answering for the hosts cloudtop calls, with the
 * shapes of the discovery documents (trimmed copies in test/fixtures/specs/gcp):
 *
 * - OAuth `POST /token`: `jwt-bearer` grants whose RS256 assertion is verified against the
 *   simulated service account's public key (iss, aud, exp), and `refresh_token` grants for an ADC
 *   `authorized_user`; failures → 400 `invalid_grant`.
 * - Resource Manager `GET /v1/projects`; Compute `GET /compute/v1/projects/{p}/aggregated/instances`
 *   and `/aggregated/acceleratorTypes` (`items` keyed `zones/<zone>`, `nextPageToken`, `maxResults`
 *   capped at 2 so clients page), `/regions` with `quotas[]`; Billing Catalog `GET /v1/services/
 *   6F81-5844-456A/skus`; Monitoring `GET /v3/projects/{p}/timeSeries`.
 * - 401 `UNAUTHENTICATED`; scenarios `no-viewer` / `no-monitoring` → 403 naming the permission;
 *   `throttle(n)` → 429 `RESOURCE_EXHAUSTED` with Retry-After; `rateLimit403(n)` → Compute's 403
 *   `rateLimitExceeded`.
 */
import crypto from 'node:crypto';
import { seededRandom, startHttpSim, type SimRequest, type SimResponse } from '../common/http-sim';
import type { RunningSim, SimStartOptions, SimulatorDescriptor } from '../types';
import {
  SIM_ACCELERATORS,
  SIM_ADC_CLIENT_ID,
  SIM_ADC_CLIENT_SECRET,
  SIM_ADC_REFRESH_TOKEN,
  SIM_GCP_QUOTAS,
  SIM_GCP_REGIONS,
  SIM_INSTANCES,
  SIM_PROJECTS,
  SIM_SA_EMAIL,
  type SimInstance,
} from './data';

export { SIM_ADC_CLIENT_ID, SIM_ADC_CLIENT_SECRET, SIM_ADC_REFRESH_TOKEN, SIM_SA_EMAIL } from './data';

const GCP_SCENARIOS = ['default', 'no-viewer', 'no-monitoring', 'empty'] as const;
type GcpScenarioName = (typeof GCP_SCENARIOS)[number];

interface GcpScenario {
  instances: SimInstance[];
  /** Largest page the simulator hands out, whatever maxResults/pageSize asks (default 2). */
  maxPage: number;
  denyViewer: boolean;
  denyMonitoring: boolean;
  throttle(count?: number, retryAfterSeconds?: number): void;
  rateLimit403(count?: number): void;
  readonly tokensIssued: number;
}

export interface GcpRunningSim extends RunningSim {
  scenario: GcpScenario;
  /** The service-account key JSON the simulator accepts (private key generated at start). */
  serviceAccountJson: string;
  /** An ADC `authorized_user` file the simulator accepts. */
  authorizedUserJson: string;
}

const gError = (
  code: number,
  status: string,
  message: string,
  reason?: string,
  headers?: Record<string, string>,
): SimResponse => ({
  status: code,
  ...(headers ? { headers } : {}),
  body: {
    error: {
      code,
      message,
      ...(reason ? { errors: [{ message, domain: 'global', reason }] } : {}),
      status,
    },
  },
});

const denied = (permission: string, resource: string): SimResponse =>
  gError(403, 'PERMISSION_DENIED', `Required '${permission}' permission for '${resource}'`, 'forbidden');

const round = (x: number, d: number): number => Math.round(x * 10 ** d) / 10 ** d;
const dollars = (p: number) => {
  const units = Math.floor(p);
  return { currencyCode: 'USD', units: String(units), nanos: Math.round((p - units) * 1e9) };
};
const b64urlJson = (s: string): unknown => JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));

export async function startGcpSim(opts: SimStartOptions = {}): Promise<GcpRunningSim> {
  const name = (opts.scenario ?? 'default') as GcpScenarioName;
  if (!GCP_SCENARIOS.includes(name))
    throw new Error(`unknown gcp scenario ${name} (have: ${GCP_SCENARIOS.join(', ')})`);
  const rand = seededRandom(opts.seed ?? 23);
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const tokens = new Map<string, number>();
  let tokensIssued = 0;
  let throttles = { count: 0, seconds: 1 };
  let limit403 = 0;
  let tick = 0;
  const priceFactor = new Map<string, number>(SIM_GCP_REGIONS.map((r, i) => [r, 1 + i * 0.05]));
  let base = '';

  const scenario: GcpScenario = {
    instances: name === 'empty' ? [] : SIM_INSTANCES.map((i) => ({ ...i })),
    maxPage: 2,
    denyViewer: name === 'no-viewer',
    denyMonitoring: name === 'no-monitoring',
    throttle(count = 1, retryAfterSeconds = 1) {
      throttles = { count, seconds: retryAfterSeconds };
    },
    rateLimit403(count = 1) {
      limit403 = count;
    },
    get tokensIssued() {
      return tokensIssued;
    },
  };

  function issue(): SimResponse {
    const value = `ya29.sim-${++tokensIssued}-${Math.floor(rand() * 1e9)}`;
    tokens.set(value, Date.now() + 3600_000);
    return {
      status: 200,
      body: {
        access_token: value,
        expires_in: 3599,
        token_type: 'Bearer',
        scope: 'https://www.googleapis.com/auth/cloud-platform.read-only',
      },
    };
  }

  const invalidGrant = (d: string): SimResponse => ({
    status: 400,
    body: { error: 'invalid_grant', error_description: d },
  });

  function token(req: SimRequest): SimResponse {
    const form = new URLSearchParams(req.text);
    const grant = form.get('grant_type');
    if (grant === 'refresh_token') {
      if (form.get('client_id') !== SIM_ADC_CLIENT_ID || form.get('client_secret') !== SIM_ADC_CLIENT_SECRET)
        return { status: 401, body: { error: 'invalid_client', error_description: 'The OAuth client was not found.' } };
      if (form.get('refresh_token') !== SIM_ADC_REFRESH_TOKEN)
        return invalidGrant('Token has been expired or revoked.');
      return issue();
    }
    if (grant !== 'urn:ietf:params:oauth:grant-type:jwt-bearer')
      return {
        status: 400,
        body: { error: 'unsupported_grant_type', error_description: `Invalid grant_type: ${grant}` },
      };
    const parts = (form.get('assertion') ?? '').split('.');
    if (parts.length !== 3)
      return invalidGrant('Invalid JWT: Token must be a short-lived token and in a reasonable timeframe.');
    const ok = crypto.verify(
      'RSA-SHA256',
      Buffer.from(`${parts[0]}.${parts[1]}`),
      publicKey,
      Buffer.from(parts[2]!, 'base64url'),
    );
    if (!ok) return invalidGrant('Invalid JWT Signature.');
    let claims: { iss?: string; aud?: string; exp?: number; iat?: number; scope?: string };
    try {
      const header = b64urlJson(parts[0]!) as { alg?: string };
      if (header.alg !== 'RS256') return invalidGrant('Invalid JWT: alg must be RS256.');
      claims = b64urlJson(parts[1]!) as typeof claims;
    } catch {
      return invalidGrant('Invalid JWT: not JSON.');
    }
    const now = Date.now() / 1000;
    if (claims.iss !== SIM_SA_EMAIL) return invalidGrant('Invalid grant: account not found');
    if (claims.aud !== `${base}/token`) return invalidGrant('Invalid JWT: aud must be the token endpoint.');
    if (!claims.exp || !claims.iat || claims.exp < now || claims.exp - claims.iat > 3600)
      return invalidGrant('Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe.');
    if (!claims.scope) return invalidGrant('Invalid JWT: scope is required.');
    return issue();
  }

  /** `items` keyed by scope, paged over the flattened list so a page can split a zone. */
  function aggregated<T>(req: SimRequest, key: string, byScope: [string, T][], kind: string): SimResponse {
    const size = Math.min(Number(req.query.get('maxResults') ?? '500') || 500, scenario.maxPage);
    const start = Number(req.query.get('pageToken') ?? '0') || 0;
    const slice = byScope.slice(start, start + size);
    const items: Record<string, Record<string, unknown>> = {};
    for (const [scope, item] of slice) ((items[scope] ??= { [key]: [] })[key] as T[]).push(item);
    return {
      status: 200,
      body: {
        kind,
        id: `projects/${req.path.split('/')[4]}/aggregated/${key}`,
        items,
        selfLink: `${base}${req.path}`,
        ...(start + size < byScope.length ? { nextPageToken: String(start + size) } : {}),
      },
    };
  }

  const zoneUrl = (project: string, zone: string) => `${base}/compute/v1/projects/${project}/zones/${zone}`;

  function instanceJson(i: SimInstance): Record<string, unknown> {
    return {
      kind: 'compute#instance',
      id: i.id,
      creationTimestamp: '2026-01-12T09:30:00.000-08:00',
      name: i.name,
      machineType: `${zoneUrl(i.project, i.zone)}/machineTypes/${i.machineType}`,
      status: i.status,
      zone: zoneUrl(i.project, i.zone),
      ...(i.accelerators
        ? {
            guestAccelerators: i.accelerators.map((a) => ({
              acceleratorType: `${zoneUrl(i.project, i.zone)}/acceleratorTypes/${a.type}`,
              acceleratorCount: a.count,
            })),
          }
        : {}),
      scheduling: {
        onHostMaintenance: i.accelerators ? 'TERMINATE' : 'MIGRATE',
        automaticRestart: !i.spot,
        preemptible: Boolean(i.spot),
        provisioningModel: i.spot ? 'SPOT' : 'STANDARD',
      },
      selfLink: `${zoneUrl(i.project, i.zone)}/instances/${i.name}`,
    };
  }

  function skus(req: SimRequest): SimResponse {
    const all: Record<string, unknown>[] = [];
    for (const a of SIM_ACCELERATORS) {
      const regions = [...new Set(a.zones.map((z) => z.replace(/-[a-z]$/, '')))];
      for (const [usageType, price, prefix] of [
        ['OnDemand', a.onDemand, ''],
        ['Preemptible', a.spot, 'Spot Preemptible '],
      ] as const) {
        for (const region of regions) {
          const p = round(price * (priceFactor.get(region) ?? 1), 4);
          all.push({
            name: `services/6F81-5844-456A/skus/${a.name}-${region}-${usageType}`.toUpperCase(),
            skuId: `${a.name}-${region}-${usageType}`.toUpperCase(),
            description: `${prefix}Nvidia ${a.skuName} GPU running in ${region}`,
            category: {
              serviceDisplayName: 'Compute Engine',
              resourceFamily: 'Compute',
              resourceGroup: 'GPU',
              usageType,
            },
            serviceRegions: [region],
            pricingInfo: [
              {
                summary: '',
                pricingExpression: {
                  usageUnit: 'h',
                  displayQuantity: 1,
                  tieredRates: [{ startUsageAmount: 0, unitPrice: dollars(p) }],
                  usageUnitDescription: 'hour',
                  baseUnit: 's',
                  baseUnitDescription: 'second',
                  baseUnitConversionFactor: 3600,
                },
                currencyConversionRate: 1,
                effectiveTime: '2026-01-01T00:00:00Z',
              },
            ],
            serviceProviderName: 'Google',
          });
        }
      }
      // A commitment SKU the client must not take for an on-demand price.
      all.push({
        name: `services/6F81-5844-456A/skus/${a.name}-commit`.toUpperCase(),
        skuId: `${a.name}-commit`.toUpperCase(),
        description: `Commitment v1: Nvidia ${a.skuName} GPU in Americas for 1 Year`,
        category: {
          serviceDisplayName: 'Compute Engine',
          resourceFamily: 'Compute',
          resourceGroup: 'GPU',
          usageType: 'Commit1Yr',
        },
        serviceRegions: regions,
        pricingInfo: [
          {
            pricingExpression: {
              usageUnit: 'h',
              tieredRates: [{ startUsageAmount: 0, unitPrice: dollars(a.onDemand / 2) }],
            },
          },
        ],
      });
    }
    // Non-GPU SKUs exist too.
    all.push({
      name: 'services/6F81-5844-456A/skus/E2-CORE',
      skuId: 'E2-CORE',
      description: 'E2 Instance Core running in Americas',
      category: { resourceFamily: 'Compute', resourceGroup: 'CPU', usageType: 'OnDemand' },
      serviceRegions: ['us-central1'],
      pricingInfo: [
        { pricingExpression: { usageUnit: 'h', tieredRates: [{ startUsageAmount: 0, unitPrice: dollars(0.021811) }] } },
      ],
    });
    const size = Math.min(Number(req.query.get('pageSize') ?? '5000') || 5000, scenario.maxPage * 3);
    const start = Number(req.query.get('pageToken') ?? '0') || 0;
    return {
      status: 200,
      body: {
        skus: all.slice(start, start + size),
        nextPageToken: start + size < all.length ? String(start + size) : '',
      },
    };
  }

  function timeSeries(req: SimRequest, project: string): SimResponse {
    const filter = req.query.get('filter') ?? '';
    const type = /metric\.type\s*=\s*"([^"]+)"/.exec(filter)?.[1];
    if (!type)
      return gError(
        400,
        'INVALID_ARGUMENT',
        'Field filter had an invalid value: a metric type is required.',
        'badRequest',
      );
    const start = Date.parse(req.query.get('interval.startTime') ?? '');
    const end = Date.parse(req.query.get('interval.endTime') ?? '');
    if (!Number.isFinite(end))
      return gError(400, 'INVALID_ARGUMENT', 'Field interval.endTime had an invalid value.', 'badRequest');
    const from = Number.isFinite(start) ? start : end - 3600_000;
    const step = (Number((req.query.get('aggregation.alignmentPeriod') ?? '60s').replace(/s$/, '')) || 60) * 1000;
    const series: Record<string, unknown>[] = [];
    for (const [idx, i] of scenario.instances.entries()) {
      if (i.project !== project || i.status !== 'RUNNING') continue;
      // Only the Ops Agent reports GPU figures; the simulated A3 has it, the T4 VM does not.
      if (type.startsWith('agent.googleapis.com/gpu') && i.machineType !== 'a3-highgpu-8g') continue;
      const points: Record<string, unknown>[] = [];
      // Newest first, as Monitoring returns them.
      for (let t = end; t > from; t -= step) {
        const wave = (Math.sin((t / step + idx + tick) / 4) + 1) / 2;
        const value = type.endsWith('cpu/utilization')
          ? { doubleValue: round(0.05 + wave * 0.8, 4) }
          : type.startsWith('agent.googleapis.com/gpu')
            ? { doubleValue: round(40 + wave * 55, 2) }
            : { doubleValue: round(2e5 + wave * 4e6, 1) };
        points.push({
          interval: { startTime: new Date(t - step).toISOString(), endTime: new Date(t).toISOString() },
          value,
        });
      }
      series.push({
        metric: { type, labels: { instance_name: i.name } },
        resource: { type: 'gce_instance', labels: { project_id: project, instance_id: i.id, zone: i.zone } },
        metricKind: 'GAUGE',
        valueType: 'DOUBLE',
        points,
      });
    }
    const size = scenario.maxPage;
    const at = Number(req.query.get('pageToken') ?? '0') || 0;
    return {
      status: 200,
      body: {
        timeSeries: series.slice(at, at + size),
        ...(at + size < series.length ? { nextPageToken: String(at + size) } : {}),
        unit: type.endsWith('utilization') ? (type.startsWith('agent') ? '%' : '10^2.%') : 'By/s',
      },
    };
  }

  async function router(req: SimRequest): Promise<SimResponse> {
    if (req.method === 'POST' && req.path === '/token') return token(req);
    if (throttles.count > 0) {
      throttles.count--;
      return gError(
        429,
        'RESOURCE_EXHAUSTED',
        "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute'.",
        'rateLimitExceeded',
        {
          'retry-after': String(throttles.seconds),
        },
      );
    }
    if (req.method !== 'GET') return gError(405, 'METHOD_NOT_ALLOWED', 'Method not allowed.');
    const auth = req.headers.authorization;
    const m = typeof auth === 'string' ? /^Bearer\s+(.+)$/i.exec(auth) : null;
    const exp = m ? tokens.get(m[1]!) : undefined;
    if (!exp || exp < Date.now())
      return gError(
        401,
        'UNAUTHENTICATED',
        'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
        'authError',
      );

    if (req.path === '/v1/projects') {
      const projects = SIM_PROJECTS.map((p, i) => ({
        projectNumber: String(100000000000 + i),
        projectId: p,
        lifecycleState: 'ACTIVE',
        name: p,
      }));
      return { status: 200, body: { projects } };
    }
    if (req.path === '/v1/services/6F81-5844-456A/skus') return skus(req);
    const mon = /^\/v3\/projects\/([^/]+)\/timeSeries$/.exec(req.path);
    if (mon) {
      if (scenario.denyMonitoring)
        return gError(
          403,
          'PERMISSION_DENIED',
          `Permission monitoring.timeSeries.list denied (or the resource may not exist).`,
        );
      return timeSeries(req, mon[1]!);
    }
    const c = /^\/compute\/v1\/projects\/([^/]+)\/(.+)$/.exec(req.path);
    if (!c) return gError(404, 'NOT_FOUND', `The requested URL ${req.path} was not found on this server.`, 'notFound');
    const project = c[1]!;
    if (!SIM_PROJECTS.includes(project))
      return gError(404, 'NOT_FOUND', `The resource 'projects/${project}' was not found`, 'notFound');
    if (limit403 > 0) {
      limit403--;
      return gError(
        403,
        'PERMISSION_DENIED',
        "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute' of service 'compute.googleapis.com'.",
        'rateLimitExceeded',
      );
    }
    const what = c[2]!;
    if (what === 'aggregated/instances') {
      if (scenario.denyViewer) return denied('compute.instances.list', `projects/${project}`);
      const list = scenario.instances
        .filter((i) => i.project === project)
        .map((i) => [`zones/${i.zone}`, instanceJson(i)] as [string, unknown]);
      return aggregated(req, 'instances', list, 'compute#instanceAggregatedList');
    }
    if (what === 'aggregated/acceleratorTypes') {
      if (scenario.denyViewer) return denied('compute.acceleratorTypes.list', `projects/${project}`);
      const list: [string, unknown][] = [];
      for (const a of SIM_ACCELERATORS)
        for (const z of a.zones)
          list.push([
            `zones/${z}`,
            {
              kind: 'compute#acceleratorType',
              id: String(10000 + list.length),
              creationTimestamp: '1969-12-31T16:00:00.000-08:00',
              name: a.name,
              description: a.description,
              zone: zoneUrl(project, z),
              selfLink: `${zoneUrl(project, z)}/acceleratorTypes/${a.name}`,
              maximumCardsPerInstance: a.maxCards,
            },
          ]);
      return aggregated(req, 'acceleratorTypes', list, 'compute#acceleratorTypeAggregatedList');
    }
    if (what === 'regions') {
      if (scenario.denyViewer) return denied('compute.regions.list', `projects/${project}`);
      const items = SIM_GCP_REGIONS.map((r, i) => ({
        kind: 'compute#region',
        id: String(1000 + i),
        name: r,
        status: 'UP',
        description: r,
        selfLink: `${base}/compute/v1/projects/${project}/regions/${r}`,
        quotas: Object.entries(SIM_GCP_QUOTAS[r] ?? {}).map(([metric, [limit, usage]]) => ({ metric, limit, usage })),
      }));
      const size = Math.min(Number(req.query.get('maxResults') ?? '500') || 500, scenario.maxPage);
      const at = Number(req.query.get('pageToken') ?? '0') || 0;
      return {
        status: 200,
        body: {
          kind: 'compute#regionList',
          id: `projects/${project}/regions`,
          items: items.slice(at, at + size),
          selfLink: `${base}${req.path}`,
          ...(at + size < items.length ? { nextPageToken: String(at + size) } : {}),
        },
      };
    }
    return gError(404, 'NOT_FOUND', `The resource '${what}' was not found`, 'notFound');
  }

  const http = await startHttpSim(router, { port: opts.port });
  base = http.url;
  const serviceAccountJson = JSON.stringify({
    type: 'service_account',
    project_id: SIM_PROJECTS[0],
    private_key_id: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    private_key: privatePem,
    client_email: SIM_SA_EMAIL,
    client_id: '103958372610498273615',
    auth_uri: 'https://accounts.google.com/o/oauth2/auth',
    token_uri: `${base}/token`,
  });
  const authorizedUserJson = JSON.stringify({
    account: '',
    client_id: SIM_ADC_CLIENT_ID,
    client_secret: SIM_ADC_CLIENT_SECRET,
    quota_project_id: SIM_PROJECTS[0],
    refresh_token: SIM_ADC_REFRESH_TOKEN,
    type: 'authorized_user',
    universe_domain: 'googleapis.com',
  });

  return {
    id: 'gcp',
    baseUrl: http.url,
    credentials: {
      credentialsJson: serviceAccountJson,
      tokenUrl: `${http.url}/token`,
      monitoringBaseUrl: http.url,
      billingBaseUrl: http.url,
      resourceManagerBaseUrl: http.url,
    },
    http,
    scenario,
    serviceAccountJson,
    authorizedUserJson,
    tick() {
      tick++;
      for (const [r, f] of priceFactor) priceFactor.set(r, round(f * (0.98 + rand() * 0.04), 4));
      const i = scenario.instances[Math.floor(rand() * scenario.instances.length)];
      if (i && rand() < 0.2) i.status = i.status === 'RUNNING' ? 'TERMINATED' : 'RUNNING';
    },
    close: () => http.close(),
  };
}

export const gcpSim: SimulatorDescriptor = {
  id: 'gcp',
  scenarios: [...GCP_SCENARIOS],
  start: startGcpSim,
};
