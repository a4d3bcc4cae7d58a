/**
 * Google Cloud: your Compute Engine instances across projects (status, machine type, attached
 * GPUs) with Cloud Monitoring metrics, and GPU offers: accelerator types per zone priced from the
 * Cloud Billing Catalog (on-demand and spot), with the project's regional GPU quota. A catalogue is
 * not capacity: offers are `listed`; a zero quota is the reason one cannot be launched.
 * Least privilege: roles/compute.viewer + roles/monitoring.viewer.
 */
import { CloudtopError, type GpuOffer, type MetricSeries, type Resource } from '../../../shared/model';
import type { ProviderClient, ProviderContext, ProviderDescriptor, TestConnectionResult } from '../types';
import { abortIfNeeded, isPermissionGap } from '../kit';
import { GcpApi, type GcpCredentials } from './client';
import {
  CONSOLE_URL,
  INSTANCE_METRICS,
  PROVIDER,
  gpuPrices,
  instanceResource,
  parseGcpOffers,
  regionQuotas,
  seriesByInstance,
  type RegionQuotas,
} from './parse';
import { gcpInfo } from './descriptor';
import { countOf } from '../../../shared/format';

export { gcpCredentialSchema } from './descriptor';

export type { GcpCredentials } from './client';

const METRICS_WINDOW_MS = 60 * 60_000;
const ALIGN_SECONDS = 300;
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

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
      detail: `${this.api.credentialKind} valid; ${countOf(projects.length, 'project')}: ${projects.slice(0, 3).join(', ')}`,
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
  ...gcpInfo,
  create(ctx: ProviderContext<GcpCredentials>): ProviderClient {
    if (!ctx.credentials) return new UnconfiguredClient();
    return new GcpClient(ctx);
  },
};
