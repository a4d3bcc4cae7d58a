/**
 * Azure simulator: one loopback server answering for the three hosts cloudtop calls, with the
 * real paths, envelopes and error bodies (trimmed specs in test/fixtures/specs/azure):
 *
 * - Entra ID `POST /{tenant}/oauth2/v2.0/token` (client credentials, form body) → `{token_type,
 *   expires_in, access_token}`; a wrong secret → 401 `invalid_client` with an AADSTS description.
 * - ARM (`api-version` required): `GET /subscriptions`, `…/providers/Microsoft.Compute/
 *   virtualMachines?statusOnly=true`, `…/skus`, `…/locations/{loc}/usages`, and Azure Monitor
 *   `{vmId}/providers/Microsoft.Insights/metrics`. Lists are `{value, nextLink}` with small pages.
 *   Bad token → 401 `InvalidAuthenticationToken`; scenarios `no-reader` / `no-monitoring` → 403
 *   `AuthorizationFailed` naming the action; `throttle(n)` → 429 `TooManyRequests` + Retry-After.
 * - Retail Prices `GET /api/retail/prices` (no auth): `{Items, NextPageLink, Count}` honouring the
 *   `armSkuName eq '…'` terms of `$filter`, paged with `$skip`.
 */
import { seededRandom, startHttpSim, type SimRequest, type SimResponse } from '../common/http-sim';
import type { RunningSim, SimStartOptions, SimulatorDescriptor } from '../types';
import {
  SIM_CLIENT_ID,
  SIM_CLIENT_SECRET,
  SIM_QUOTAS,
  SIM_REGIONS,
  SIM_RESTRICTED,
  SIM_SIZES,
  SIM_SUBSCRIPTIONS,
  SIM_TENANT_ID,
  SIM_VMS,
  vmArmId,
  type SimVm,
} from './data';

export { SIM_CLIENT_ID, SIM_CLIENT_SECRET, SIM_TENANT_ID } from './data';

const AZURE_SCENARIOS = ['default', 'no-reader', 'no-monitoring', 'empty'] as const;
type AzureScenarioName = (typeof AZURE_SCENARIOS)[number];

interface AzureScenario {
  vms: SimVm[];
  /** ARM list page size (default 2, so every list pages). */
  pageSize: number;
  /** Retail Prices page size (the real API uses 100; default 7 here so clients must page). */
  pricesPageSize: number;
  /** The next `count` ARM/prices requests answer 429 with Retry-After (seconds). */
  throttle(count?: number, retryAfterSeconds?: number): void;
  /** Forbid reads of VMs / metrics (the Reader / Monitoring Reader role is missing). */
  denyReader: boolean;
  denyMonitoring: boolean;
  readonly tokensIssued: number;
  /** What `az account get-access-token -o json` would print for this simulator (a fresh token). */
  cliToken(): { accessToken: string; expiresOn: string; expires_on: number; tenant: string; tokenType: string };
}

export interface AzureRunningSim extends RunningSim {
  scenario: AzureScenario;
}

const armError = (status: number, code: string, message: string, headers?: Record<string, string>): SimResponse => ({
  status,
  ...(headers ? { headers } : {}),
  body: { error: { code, message } },
});

const forbidden = (action: string, scope: string): SimResponse =>
  armError(
    403,
    'AuthorizationFailed',
    `The client '${SIM_CLIENT_ID}' with object id '${SIM_CLIENT_ID}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );

const round = (x: number, d: number): number => Math.round(x * 10 ** d) / 10 ** d;

export async function startAzureSim(opts: SimStartOptions = {}): Promise<AzureRunningSim> {
  const name = (opts.scenario ?? 'default') as AzureScenarioName;
  if (!AZURE_SCENARIOS.includes(name))
    throw new Error(`unknown azure scenario ${name} (have: ${AZURE_SCENARIOS.join(', ')})`);
  const rand = seededRandom(opts.seed ?? 17);
  const tokens = new Map<string, number>();
  let tokensIssued = 0;
  let throttles: { count: number; seconds: number } = { count: 0, seconds: 1 };
  let tick = 0;
  const priceFactor = new Map<string, number>(Object.keys(SIM_REGIONS).map((r, i) => [r, 1 + i * 0.04]));

  const scenario: AzureScenario = {
    vms: name === 'empty' ? [] : SIM_VMS.map((v) => ({ ...v })),
    pageSize: 2,
    pricesPageSize: 7,
    throttle(count = 1, retryAfterSeconds = 1) {
      throttles = { count, seconds: retryAfterSeconds };
    },
    denyReader: name === 'no-reader',
    denyMonitoring: name === 'no-monitoring',
    get tokensIssued() {
      return tokensIssued;
    },
    cliToken() {
      const value = `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.sim-azure-cli-${++tokensIssued}`;
      const exp = Date.now() + 3600_000;
      tokens.set(value, exp);
      return {
        accessToken: value,
        expiresOn: new Date(exp).toISOString().replace('T', ' ').slice(0, 26),
        expires_on: Math.floor(exp / 1000),
        tenant: SIM_TENANT_ID,
        tokenType: 'Bearer',
      };
    },
  };

  let base = '';

  function page<T>(req: SimRequest, items: T[], size: number, extra: Record<string, unknown> = {}): SimResponse {
    const skip = Number(req.query.get('$skiptoken') ?? '0') || 0;
    const slice = items.slice(skip, skip + size);
    const body: Record<string, unknown> = { value: slice, ...extra };
    if (skip + size < items.length) {
      const q = new URLSearchParams(req.query);
      q.set('$skiptoken', String(skip + size));
      body.nextLink = `${base}${req.path}?${q.toString()}`;
    }
    return { status: 200, body };
  }

  function token(req: SimRequest): SimResponse {
    const form = new URLSearchParams(req.text);
    const tenant = req.path.split('/')[1];
    if (form.get('grant_type') !== 'client_credentials')
      return {
        status: 400,
        body: {
          error: 'unsupported_grant_type',
          error_description: 'AADSTS70003: The app requested an unsupported grant type.',
        },
      };
    if (tenant !== SIM_TENANT_ID)
      return {
        status: 400,
        body: { error: 'invalid_request', error_description: `AADSTS90002: Tenant '${tenant}' not found.` },
      };
    if (form.get('client_id') !== SIM_CLIENT_ID || form.get('client_secret') !== SIM_CLIENT_SECRET) {
      return {
        status: 401,
        body: {
          error: 'invalid_client',
          error_description:
            'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID.\r\nTrace ID: 0000\r\nCorrelation ID: 0000',
          error_codes: [7000215],
        },
      };
    }
    if (form.get('scope') !== 'https://management.azure.com/.default')
      return {
        status: 400,
        body: { error: 'invalid_scope', error_description: 'AADSTS70011: The provided value for scope is not valid.' },
      };
    const value = `eyJ0eXAiOiJKV1QiLCJhbGciOiJSUzI1NiJ9.sim-azure-${++tokensIssued}-${Math.floor(rand() * 1e9)}`;
    tokens.set(value, Date.now() + 3600_000);
    return { status: 200, body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: value } };
  }

  function prices(req: SimRequest): SimResponse {
    const filter = req.query.get('$filter') ?? '';
    const wanted = new Set([...filter.matchAll(/armSkuName eq '([^']+)'/g)].map((m) => m[1]!));
    const items: Record<string, unknown>[] = [];
    for (const s of SIM_SIZES) {
      if (wanted.size > 0 && !wanted.has(s.name)) continue;
      for (const region of s.regions) {
        const f = priceFactor.get(region) ?? 1;
        const meterBase = {
          currencyCode: 'USD',
          tierMinimumUnits: 0,
          armRegionName: region,
          location: SIM_REGIONS[region],
          effectiveStartDate: '2025-01-01T00:00:00Z',
          productId: `DZH318Z0${s.name.length}`,
          serviceName: 'Virtual Machines',
          serviceId: 'DZH313Z7MMC8',
          serviceFamily: 'Compute',
          unitOfMeasure: '1 Hour',
          type: 'Consumption',
          isPrimaryMeterRegion: true,
          armSkuName: s.name,
        };
        const od = round(s.price * f, 4);
        items.push({
          ...meterBase,
          retailPrice: od,
          unitPrice: od,
          meterId: `${s.name}-${region}-od`,
          meterName: s.meter,
          skuId: `DZH318Z0/${region}/od`,
          productName: s.product,
          skuName: s.meter,
        });
        const spot = round(od * 0.3, 4);
        items.push({
          ...meterBase,
          retailPrice: spot,
          unitPrice: spot,
          meterId: `${s.name}-${region}-spot`,
          meterName: `${s.meter} Spot`,
          skuId: `DZH318Z0/${region}/spot`,
          productName: s.product,
          skuName: `${s.meter} Spot`,
        });
        const win = round(od * 1.12, 4);
        items.push({
          ...meterBase,
          retailPrice: win,
          unitPrice: win,
          meterId: `${s.name}-${region}-win`,
          meterName: s.meter,
          skuId: `DZH318Z0/${region}/win`,
          productName: `${s.product} Windows`,
          skuName: s.meter,
        });
        if (s.gpus === 1) {
          const lp = round(od * 0.2, 4);
          items.push({
            ...meterBase,
            retailPrice: lp,
            unitPrice: lp,
            meterId: `${s.name}-${region}-lp`,
            meterName: `${s.meter} Low Priority`,
            skuId: `DZH318Z0/${region}/lp`,
            productName: s.product,
            skuName: `${s.meter} Low Priority`,
          });
        }
      }
    }
    const skip = Number(req.query.get('$skip') ?? '0') || 0;
    const slice = items.slice(skip, skip + scenario.pricesPageSize);
    let next: string | null = null;
    if (skip + scenario.pricesPageSize < items.length) {
      const q = new URLSearchParams(req.query);
      q.set('$skip', String(skip + scenario.pricesPageSize));
      next = `${base}/api/retail/prices?${q.toString()}`;
    }
    return {
      status: 200,
      body: {
        BillingCurrency: 'USD',
        CustomerEntityId: 'Default',
        CustomerEntityType: 'Retail',
        Items: slice,
        NextPageLink: next,
        Count: slice.length,
      },
    };
  }

  function vmJson(vm: SimVm): Record<string, unknown> {
    return {
      name: vm.name,
      id: vmArmId(vm),
      type: 'Microsoft.Compute/virtualMachines',
      location: vm.location,
      properties: {
        vmId: vm.vmId,
        hardwareProfile: { vmSize: vm.vmSize },
        provisioningState: 'Succeeded',
        timeCreated: '2026-01-10T08:00:00.0000000+00:00',
        instanceView: {
          statuses: [
            { code: 'ProvisioningState/succeeded', level: 'Info', displayStatus: 'Provisioning succeeded' },
            { code: `PowerState/${vm.power}`, level: 'Info', displayStatus: `VM ${vm.power}` },
          ],
        },
      },
    };
  }

  function skus(): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (const s of SIM_SIZES) {
      for (const region of s.regions) {
        const restricted = SIM_RESTRICTED.has(`${s.name}|${region}`);
        out.push({
          resourceType: 'virtualMachines',
          name: s.name,
          tier: 'Standard',
          size: s.name.replace(/^Standard_/, ''),
          family: s.family,
          locations: [region],
          locationInfo: [{ location: region, zones: ['1', '2', '3'], zoneDetails: [] }],
          capabilities: [
            { name: 'vCPUs', value: String(s.vcpus) },
            { name: 'MemoryGB', value: String(s.memoryGb) },
            { name: 'GPUs', value: String(s.gpus) },
            { name: 'LowPriorityCapable', value: 'True' },
          ],
          restrictions: restricted
            ? [
                {
                  type: 'Location',
                  values: [region],
                  restrictionInfo: { locations: [region] },
                  reasonCode: 'NotAvailableForSubscription',
                },
              ]
            : [],
        });
      }
    }
    return out;
  }

  function usages(region: string): Record<string, unknown>[] {
    const q = SIM_QUOTAS[region] ?? {};
    const families = new Set(SIM_SIZES.map((s) => s.family));
    const out: Record<string, unknown>[] = [
      { unit: 'Count', currentValue: 8, limit: 350, name: { value: 'cores', localizedValue: 'Total Regional vCPUs' } },
      {
        unit: 'Count',
        currentValue: 0,
        limit: 100,
        name: { value: 'lowPriorityCores', localizedValue: 'Total Regional Low-priority vCPUs' },
      },
    ];
    for (const f of families) {
      const [limit, used] = q[f] ?? [0, 0];
      out.push({ unit: 'Count', currentValue: used, limit, name: { value: f, localizedValue: `Standard ${f} vCPUs` } });
    }
    return out;
  }

  function metrics(req: SimRequest, vm: SimVm): SimResponse {
    const names = (req.query.get('metricnames') ?? 'Percentage CPU').split(',');
    const timespan = req.query.get('timespan') ?? '';
    const [from, to] = timespan.split('/').map((t) => Date.parse(t));
    const end = Number.isFinite(to) ? to! : Date.now();
    const start = Number.isFinite(from) ? from! : end - 3600_000;
    const step = 5 * 60_000;
    const running = vm.power === 'running';
    const offset = scenario.vms.indexOf(vm) * 2;
    const value = names.map((n, mi) => {
      const data: Record<string, unknown>[] = [];
      for (let t = start; t < end; t += step) {
        const wave = (Math.sin((t / step + mi + tick + offset) / 3) + 1) / 2;
        const v = running ? (n === 'Percentage CPU' ? round(10 + wave * 70, 2) : Math.round(1e6 + wave * 5e7)) : 0;
        data.push(
          n === 'Percentage CPU'
            ? { timeStamp: new Date(t).toISOString(), average: v }
            : { timeStamp: new Date(t).toISOString(), total: v, average: v / 5 },
        );
      }
      return {
        id: `${vmArmId(vm)}/providers/Microsoft.Insights/metrics/${n}`,
        type: 'Microsoft.Insights/metrics',
        name: { value: n, localizedValue: n },
        displayDescription: `${n} of the VM`,
        unit: n === 'Percentage CPU' ? 'Percent' : 'Bytes',
        timeseries: [{ metadatavalues: [], data }],
        errorCode: 'Success',
      };
    });
    return {
      status: 200,
      body: {
        cost: 59,
        timespan,
        interval: 'PT5M',
        value,
        namespace: 'Microsoft.Compute/virtualMachines',
        resourceregion: vm.location,
      },
    };
  }

  async function router(req: SimRequest): Promise<SimResponse> {
    if (req.method === 'POST' && /^\/[^/]+\/oauth2\/v2\.0\/token$/.test(req.path)) return token(req);
    if (throttles.count > 0) {
      throttles.count--;
      return armError(
        429,
        'TooManyRequests',
        'The request is being throttled as the limit has been reached for operation type - Read.',
        {
          'retry-after': String(throttles.seconds),
        },
      );
    }
    if (req.method === 'GET' && req.path === '/api/retail/prices') return prices(req);
    if (req.method !== 'GET') return armError(405, 'MethodNotAllowed', 'The requested method is not allowed.');

    const auth = req.headers.authorization;
    const m = typeof auth === 'string' ? /^Bearer\s+(.+)$/i.exec(auth) : null;
    const exp = m ? tokens.get(m[1]!) : undefined;
    if (!m)
      return armError(401, 'AuthenticationFailed', "Authentication failed. The 'Authorization' header is missing.");
    if (!exp || exp < Date.now()) return armError(401, 'InvalidAuthenticationToken', 'The access token is invalid.');
    if (!req.query.get('api-version'))
      return armError(
        400,
        'MissingApiVersionParameter',
        'The api-version query parameter (?api-version=) is required for all requests.',
      );

    if (req.path === '/subscriptions') {
      const subs = SIM_SUBSCRIPTIONS.map((s) => ({
        id: `/subscriptions/${s.subscriptionId}`,
        authorizationSource: 'RoleBased',
        managedByTenants: [],
        subscriptionId: s.subscriptionId,
        tenantId: SIM_TENANT_ID,
        displayName: s.displayName,
        state: s.state,
        subscriptionPolicies: {
          locationPlacementId: 'Public_2014-09-01',
          quotaId: 'PayAsYouGo_2014-09-01',
          spendingLimit: 'Off',
        },
      }));
      return page(req, subs, 1, { count: { type: 'Total', value: subs.length } });
    }
    const sub = /^\/subscriptions\/([^/]+)(\/.*)$/i.exec(req.path);
    if (!sub)
      return armError(404, 'InvalidResourceType', `The resource type could not be found for path '${req.path}'.`);
    const subId = sub[1]!;
    const rest = sub[2]!;
    if (!SIM_SUBSCRIPTIONS.some((s) => s.subscriptionId === subId))
      return armError(404, 'SubscriptionNotFound', `The subscription '${subId}' could not be found.`);
    const scope = `/subscriptions/${subId}`;

    if (/^\/providers\/Microsoft\.Compute\/virtualMachines$/i.test(rest)) {
      if (scenario.denyReader) return forbidden('Microsoft.Compute/virtualMachines/read', scope);
      const vms = scenario.vms.filter((v) => v.subscriptionId === subId).map(vmJson);
      if (req.query.get('statusOnly') !== 'true')
        for (const v of vms) delete (v.properties as Record<string, unknown>).instanceView;
      return page(req, vms, scenario.pageSize);
    }
    if (/^\/providers\/Microsoft\.Compute\/skus$/i.test(rest)) {
      if (scenario.denyReader) return forbidden('Microsoft.Compute/skus/read', scope);
      return page(req, skus(), Math.max(scenario.pageSize, 4));
    }
    const usage = /^\/providers\/Microsoft\.Compute\/locations\/([^/]+)\/usages$/i.exec(rest);
    if (usage) {
      if (scenario.denyReader) return forbidden('Microsoft.Compute/locations/usages/read', scope);
      return page(req, usages(usage[1]!.toLowerCase()), 50);
    }
    const metric =
      /^\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/virtualMachines\/([^/]+)\/providers\/Microsoft\.Insights\/metrics$/i.exec(
        rest,
      );
    if (metric) {
      const vm = scenario.vms.find(
        (v) =>
          v.subscriptionId === subId &&
          v.resourceGroup.toLowerCase() === metric[1]!.toLowerCase() &&
          v.name === metric[2],
      );
      if (!vm)
        return armError(
          404,
          'ResourceNotFound',
          `The Resource 'Microsoft.Compute/virtualMachines/${metric[2]}' was not found.`,
        );
      if (scenario.denyMonitoring || scenario.denyReader)
        return forbidden('Microsoft.Insights/metrics/read', vmArmId(vm));
      return metrics(req, vm);
    }
    return armError(404, 'InvalidResourceType', `The resource type could not be found for path '${req.path}'.`);
  }

  const http = await startHttpSim(router, { port: opts.port });
  base = http.url;

  return {
    id: 'azure',
    baseUrl: http.url,
    credentials: {
      tenantId: SIM_TENANT_ID,
      clientId: SIM_CLIENT_ID,
      clientSecret: SIM_CLIENT_SECRET,
      loginUrl: http.url,
      pricesBaseUrl: http.url,
    },
    http,
    scenario,
    tick() {
      tick++;
      // Prices drift a little and a VM starts or stops now and then.
      for (const [r, f] of priceFactor) priceFactor.set(r, round(f * (0.98 + rand() * 0.04), 4));
      const vm = scenario.vms[Math.floor(rand() * scenario.vms.length)];
      if (vm && rand() < 0.2) vm.power = vm.power === 'running' ? 'deallocated' : 'running';
    },
    close: () => http.close(),
  };
}

export const azureSim: SimulatorDescriptor = {
  id: 'azure',
  scenarios: [...AZURE_SCENARIOS],
  start: startAzureSim,
};
