/**
 * Google Cloud: your Compute Engine instances across projects (status, machine type, attached
 * GPUs) with Cloud Monitoring metrics, and GPU offers: accelerator types per zone priced from the
 * Cloud Billing Catalog (on-demand and spot), with the project's regional GPU quota. A catalogue is
 * not capacity: offers are `listed`; a zero quota is the reason one cannot be launched.
 * Least privilege: roles/compute.viewer + roles/monitoring.viewer.
 */
import * as z from 'zod';
import { CloudtopError, type GpuOffer, type MetricSeries, type Resource } from '../../../shared/model';
import type { ProviderClient, ProviderContext, ProviderDescriptor, TestConnectionResult } from '../types';
import { MB } from '../kit';
import { DEFAULT_TOKEN_URL, parseCredentialsJson } from './auth';
import {
  DEFAULT_BILLING_URL,
  DEFAULT_MONITORING_URL,
  DEFAULT_RESOURCE_MANAGER_URL,
  GcpApi,
  type GcpCredentials,
} from './client';
import {
  CONSOLE_URL,
  DISPLAY_NAME,
  INSTANCE_METRICS,
  PROVIDER,
  gpuPrices,
  instanceResource,
  parseGcpOffers,
  regionQuotas,
  seriesByInstance,
  type RegionQuotas,
} from './parse';

export type { GcpCredentials } from './client';

const emptyToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalUrl = z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).optional());

export const gcpCredentialSchema = z.object({
  credentialsJson: z
    .string()
    .trim()
    .min(1, 'a service-account key or application-default credentials JSON is required')
    .superRefine((v, ctx) => {
      try {
        parseCredentialsJson(v);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
      }
    }),
  projectId: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9-]{4,28}[a-z0-9]$/, 'a project ID looks like my-project-123')
      .optional(),
  ),
  tokenUrl: optionalUrl,
  monitoringBaseUrl: optionalUrl,
  billingBaseUrl: optionalUrl,
  resourceManagerBaseUrl: optionalUrl,
});

const METRICS_WINDOW_MS = 60 * 60_000;
const ALIGN_SECONDS = 300;
const isPermissionGap = (e: unknown): e is CloudtopError =>
  e instanceof CloudtopError && (e.code === 'forbidden' || e.code === 'not_found');
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function abortIfNeeded(signal: AbortSignal): void {
  if (signal.aborted) {
    const e = new Error('The operation was aborted');
    e.name = 'AbortError';
    throw e;
  }
}

class GcpClient implements ProviderClient {
  private readonly api: GcpApi;

  constructor(private readonly ctx: ProviderContext<GcpCredentials>) {
    this.api = new GcpApi(ctx, ctx.credentials!);
  }

  private base(): { fetchedAt: string; account?: string } {
    return {
      fetchedAt: new Date(this.ctx.clock.now()).toISOString(),
      ...(this.ctx.account ? { account: this.ctx.account } : {}),
    };
  }

  async fetchOffers(signal: AbortSignal): Promise<GpuOffer[]> {
    const [project] = await this.api.projects(signal);
    if (!project) return [];
    const [types, skus] = await Promise.all([this.api.acceleratorTypes(project, signal), this.api.computeSkus(signal)]);
    let quotas: Map<string, RegionQuotas> | undefined;
    try {
      quotas = regionQuotas(await this.api.regions(project, signal));
    } catch (e) {
      if (!isPermissionGap(e)) throw e;
      this.ctx.log.warn({ code: e.code }, 'Google Cloud region quotas not readable; offers go without quota');
    }
    return parseGcpOffers(types, { ...this.base(), project, prices: gpuPrices(skus), ...(quotas ? { quotas } : {}) });
  }

  async fetchResources(signal: AbortSignal): Promise<Resource[]> {
    const out: Resource[] = [];
    const base = this.base();
    for (const project of await this.api.projects(signal)) {
      abortIfNeeded(signal);
      const projectResource: Resource = {
        id: `${PROVIDER}:${project}`,
        provider: PROVIDER,
        kind: 'project',
        name: project,
        state: 'running',
        meta: { project },
        metrics: [],
        issues: [],
        fetchedAt: base.fetchedAt,
        consoleUrl: `${CONSOLE_URL}/home/dashboard?project=${encodeURIComponent(project)}`,
        ...(base.account ? { account: base.account } : {}),
      };
      out.push(projectResource);
      try {
        const instances = await this.api.instances(project, signal);
        for (const inst of instances) {
          const r = instanceResource(inst, project, base);
          r.parentId = projectResource.id;
          if (r.kind === 'gpu-instance') {
            // Compute metrics have no GPU figures; only the Ops Agent in the VM reports them.
            r.meta.gpuMetrics = 'only where the Ops Agent in the VM reports agent.googleapis.com/gpu';
          }
          out.push(r);
        }
        projectResource.meta.instances = instances.length;
      } catch (e) {
        if (!isPermissionGap(e)) throw e;
        projectResource.state = 'error';
        projectResource.issues.push({ ...e.toInfo(), message: `Instances not listed: ${e.message}` });
      }
    }
    return out;
  }

  async fetchMetrics(resources: Resource[], signal: AbortSignal): Promise<Map<string, MetricSeries[]>> {
    const out = new Map<string, MetricSeries[]>();
    const running = resources.filter(
      (r) =>
        r.provider === PROVIDER &&
        (r.kind === 'instance' || r.kind === 'gpu-instance') &&
        r.state === 'running' &&
        typeof r.meta.project === 'string',
    );
    const byProject = new Map<string, Resource[]>();
    for (const r of running)
      byProject.set(r.meta.project as string, [...(byProject.get(r.meta.project as string) ?? []), r]);
    const end = Math.floor(this.ctx.clock.now() / 60_000) * 60_000;
    const window = { start: iso(end - METRICS_WINDOW_MS), end: iso(end) };
    let firstError: unknown;
    for (const [project, list] of byProject) {
      // One request per metric type per project, not per instance.
      for (const spec of INSTANCE_METRICS) {
        abortIfNeeded(signal);
        if (spec.name === 'gpu_utilization' && !list.some((r) => r.kind === 'gpu-instance')) continue;
        try {
          const body = await this.api.timeSeries(project, spec.type, spec.aligner, window, ALIGN_SECONDS, signal);
          const series = seriesByInstance(body, spec, ALIGN_SECONDS * 1000);
          for (const r of list) {
            const s = series.get(r.meta.instanceId as string);
            if (s) out.set(r.id, [...(out.get(r.id) ?? []), s]);
          }
        } catch (e) {
          if (!isPermissionGap(e)) throw e;
          firstError ??= e;
          break;
        }
      }
    }
    if (firstError && out.size === 0 && running.length > 0) throw firstError;
    return out;
  }

  async testConnection(signal: AbortSignal): Promise<TestConnectionResult> {
    const projects = await this.api.projects(signal);
    if (projects.length === 0) {
      throw new CloudtopError(
        'forbidden',
        `Google Cloud accepted the ${this.api.credentialKind} but it sees no project`,
        {
          provider: PROVIDER,
          hint: 'Set the project ID, or grant the account roles/compute.viewer on a project.',
        },
      );
    }
    await this.api.regions(projects[0]!, signal);
    return {
      ok: true,
      detail: `${this.api.credentialKind} valid; ${projects.length} project${projects.length === 1 ? '' : 's'}: ${projects.slice(0, 3).join(', ')}`,
    };
  }
}

class UnconfiguredClient implements ProviderClient {
  private fail(): never {
    throw new CloudtopError('config', 'Google Cloud is not configured: credentials are needed', {
      provider: PROVIDER,
      hint: 'Run `gcloud auth application-default login` or set GOOGLE_APPLICATION_CREDENTIALS, then `cloudtop auth set gcp` (paste the JSON).',
    });
  }
  async fetchOffers(): Promise<GpuOffer[]> {
    this.fail();
  }
  async fetchResources(): Promise<Resource[]> {
    this.fail();
  }
  async testConnection(): Promise<TestConnectionResult> {
    this.fail();
  }
}

export const gcpProvider: ProviderDescriptor<GcpCredentials> = {
  id: PROVIDER,
  displayName: DISPLAY_NAME,
  kind: 'cloud',
  credentialFields: [
    {
      name: 'credentialsJson',
      label: 'Credentials JSON',
      secret: true,
      optional: false,
      multiline: true,
      help: 'A service-account key file (GOOGLE_APPLICATION_CREDENTIALS) or ~/.config/gcloud/application_default_credentials.json from `gcloud auth application-default login`.',
    },
    {
      name: 'projectId',
      label: 'Project ID',
      secret: false,
      optional: true,
      help: "Only this project; otherwise the key's project, else every active project the account can list.",
    },
    {
      name: 'tokenUrl',
      label: 'OAuth token URL',
      secret: false,
      optional: true,
      help: `Default: the key's token_uri, else ${DEFAULT_TOKEN_URL}.`,
    },
    {
      name: 'monitoringBaseUrl',
      label: 'Monitoring URL',
      secret: false,
      optional: true,
      help: `Default ${DEFAULT_MONITORING_URL}.`,
    },
    {
      name: 'billingBaseUrl',
      label: 'Billing Catalog URL',
      secret: false,
      optional: true,
      help: `Default ${DEFAULT_BILLING_URL}.`,
    },
    {
      name: 'resourceManagerBaseUrl',
      label: 'Resource Manager URL',
      secret: false,
      optional: true,
      help: `Default ${DEFAULT_RESOURCE_MANAGER_URL}.`,
    },
  ],
  credentialSchema: gcpCredentialSchema as unknown as z.ZodType<GcpCredentials>,
  rateLimit: {
    documented: 'Compute Engine read requests: 1,500 / min per project (403 rateLimitExceeded when over)',
    intervalMs: 60_000,
    intervalCap: 750,
    burst: { intervalMs: 1000, intervalCap: 20 },
  },
  defaultPollMs: 120_000,
  defaultMetricsPollMs: 300_000,
  capabilities: { offers: true, resources: true, metrics: true },
  consoleUrl: CONSOLE_URL,
  defaultBaseUrl: 'https://compute.googleapis.com',
  docsUrl: 'https://cloud.google.com/compute/docs/reference/rest/v1',
  timeoutMs: 20_000,
  // The Cloud Billing SKU list is read 5,000 SKUs a page (~1 KB each): above the 8 MB default.
  response: { maxBytes: 16 * MB },
  create(ctx: ProviderContext<GcpCredentials>): ProviderClient {
    if (!ctx.credentials) return new UnconfiguredClient();
    return new GcpClient(ctx);
  },
};
