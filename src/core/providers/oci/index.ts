/**
 * Oracle Cloud (OCI): your compute instances with CPU/memory/GPU metrics, and GPU shapes per
 * availability domain as offers whose availability comes from compute capacity reports, so
 * watches fire when OCI capacity appears.
 */
import { CloudtopError, type GpuOffer, type MetricSeries, type Resource } from '../../../shared/model';
import type { ProviderClient, ProviderContext, ProviderDescriptor } from '../types';
import type { OciApi } from './client';
import { parseProviderOptions } from '../kit';
import { resolveOciCredentials, type OciCredentials, type ResolvedOciCredentials } from './credentials';
import {
  OCI_METRICS,
  notReportedSeries,
  buildMql,
  instanceToResource,
  isGpuShape,
  isListedInstance,
  metricDataToSeries,
  ocidOf,
  shapeToOffer,
  type OciMetricDef,
  type OciShapeAvailability,
} from './parse';
import { fetchGpuListPrices, OCI_PRICE_LIST_PATH, OCI_PRICE_LIST_URL } from './price-list';
import type { OciListPrice } from './prices';
import { ociInfo, ociOptionsSchema, type OciOptions } from './descriptor';

export { OCI_DEFAULT_BASE_URL, ociOptionsSchema, type OciOptions } from './descriptor';

/** Shapes per capacity report request; keeps request bodies small. */
const SHAPES_PER_REPORT = 20;
/** Metric namespaces that may simply not exist for a tenancy: these errors mean "no data". */
const TOLERATED_FOR_OPTIONAL_METRICS = new Set(['not_found', 'forbidden', 'config']);

export const ociProvider: ProviderDescriptor<OciCredentials> = {
  ...ociInfo,
  create: (ctx) => new OciProviderClient(ctx),
};

interface Session {
  api: OciApi;
  creds: ResolvedOciCredentials;
  options: OciOptions;
  priceListUrl: string;
}

export class OciProviderClient implements ProviderClient {
  private session: Promise<Session> | undefined;

  constructor(private readonly ctx: ProviderContext<OciCredentials>) {}

  /** Resolves credentials (possibly reading ~/.oci/config) once; a failure is retried next time. */
  private getSession(): Promise<Session> {
    this.session ??= this.openSession().catch((e: unknown) => {
      this.session = undefined;
      throw e;
    });
    return this.session;
  }

  private async openSession(): Promise<Session> {
    const { ctx } = this;
    if (!ctx.credentials) {
      throw new CloudtopError('config', 'Oracle Cloud is not configured', {
        provider: 'oci',
        hint: 'Add an API key or point cloudtop at your ~/.oci/config profile.',
      });
    }
    const opts = {
      data: parseProviderOptions(
        { id: 'oci', displayName: 'Oracle Cloud', optionsSchema: ociOptionsSchema },
        ctx.options,
      ),
    };
    const creds = await resolveOciCredentials(ctx.credentials);
    const endpointOverride = ctx.baseUrl && !ctx.baseUrl.includes('{region}') ? ctx.baseUrl : undefined;
    // The OCI SDK loads here, on first use, not when the registry is imported (cold start).
    const { OciApi } = await import('./client');
    const api = new OciApi(creds.auth, { http: ctx.http, log: ctx.log, clock: ctx.clock, endpointOverride });
    const priceListUrl =
      opts.data.priceListUrl ??
      (endpointOverride ? `${endpointOverride.replace(/\/+$/, '')}${OCI_PRICE_LIST_PATH}` : OCI_PRICE_LIST_URL);
    return { api, creds, options: opts.data, priceListUrl };
  }

  private now(): string {
    return new Date(this.ctx.clock.now()).toISOString();
  }

  async testConnection(signal: AbortSignal): Promise<{ ok: true; detail: string }> {
    const { api, creds } = await this.getSession();
    await api.probeInstances(creds.compartments[0]!, signal);
    const t = creds.auth.tenancy;
    return {
      ok: true,
      detail: `Signed requests accepted in ${creds.auth.region} for tenancy …${t.slice(-8)} (${creds.source === 'fields' ? 'cloudtop fields' : creds.source})`,
    };
  }

  async fetchResources(signal: AbortSignal): Promise<Resource[]> {
    const { api, creds } = await this.getSession();
    const fetchedAt = this.now();
    const out: Resource[] = [];
    const seen = new Set<string>();
    for (const compartment of creds.compartments) {
      for (const inst of await api.listInstances(compartment, signal)) {
        if (!isListedInstance(inst) || seen.has(inst.id)) continue;
        seen.add(inst.id);
        out.push(instanceToResource(inst, { account: this.ctx.account, fetchedAt }));
      }
    }
    return out;
  }

  async fetchOffers(signal: AbortSignal): Promise<GpuOffer[]> {
    const { api, creds, options, priceListUrl } = await this.getSession();
    const tenancy = creds.auth.tenancy;
    const [ads, listPrices] = await Promise.all([
      options.availabilityDomains ?? api.listAvailabilityDomains(tenancy, signal),
      this.listPrices(priceListUrl, signal),
    ]);
    const perAd = await Promise.all(ads.map((ad) => this.offersForAd(api, creds, options, listPrices, ad, signal)));
    const offers = perAd.flatMap((r) => r.offers);
    const noPrice = [...new Set(perAd.flatMap((r) => r.noPrice))];
    if (noPrice.length) {
      this.ctx.log.warn(
        { shapes: noPrice },
        `OCI GPU shapes with no price in Oracle's price list or cloudtop's table were skipped: ${noPrice.join(', ')}; set providers.oci.options.prices to include them`,
      );
    }
    if (!perAd.some((r) => r.gpuShapes > 0)) {
      this.ctx.log.info(
        { ads: ads.length },
        'OCI lists no GPU shapes for this tenancy (ListShapes only shows shapes the tenancy may launch)',
      );
    }
    return offers;
  }

  /** Oracle's public GPU prices; on failure the table prices everything (logged, never fatal). */
  private async listPrices(url: string, signal: AbortSignal): Promise<OciListPrice[]> {
    try {
      return await fetchGpuListPrices(this.ctx.http, url, signal);
    } catch (e) {
      if (e instanceof CloudtopError && e.code === 'cancelled') throw e;
      const info = e instanceof CloudtopError ? { code: e.code, message: e.message } : { message: String(e) };
      this.ctx.log.warn(info, "Oracle's price list could not be read; OCI GPU offers use cloudtop's price table");
      return [];
    }
  }

  private async offersForAd(
    api: OciApi,
    creds: ResolvedOciCredentials,
    options: OciOptions,
    listPrices: readonly OciListPrice[],
    ad: string,
    signal: AbortSignal,
  ): Promise<{ offers: GpuOffer[]; noPrice: string[]; gpuShapes: number }> {
    const tenancy = creds.auth.tenancy;
    const shapes = dedupeBy((await api.listShapes(tenancy, ad, signal)).filter(isGpuShape), (s) => s.shape);
    if (!shapes.length) return { offers: [], noPrice: [], gpuShapes: 0 };
    const capacity = new Map<string, OciShapeAvailability>();
    let reportProblem: string | undefined;
    for (const chunk of chunks(
      shapes.map((s) => s.shape),
      SHAPES_PER_REPORT,
    )) {
      try {
        const report = await api.createCapacityReport(tenancy, ad, chunk, signal);
        for (const a of report.shapeAvailabilities) {
          if (a.instanceShape) capacity.set(a.instanceShape, mergeAvailability(capacity.get(a.instanceShape), a));
        }
      } catch (e) {
        // Without the capacity policy the shapes are still worth listing, as "unknown".
        if (!(e instanceof CloudtopError) || (e.code !== 'forbidden' && e.code !== 'not_found')) throw e;
        reportProblem = `capacity report unavailable: ${e.message}`;
        this.ctx.log.warn({ ad, code: e.code }, e.message);
      }
    }
    const fetchedAt = this.now();
    const offers: GpuOffer[] = [];
    const noPrice: string[] = [];
    for (const s of shapes) {
      const r = shapeToOffer(s, capacity.get(s.shape), {
        account: this.ctx.account,
        region: creds.auth.region,
        availabilityDomain: ad,
        fetchedAt,
        prices: options.prices,
        listPrices,
      });
      if ('offer' in r) {
        if (reportProblem && !capacity.has(s.shape)) r.offer.availability = { state: 'unknown', detail: reportProblem };
        offers.push(r.offer);
      } else if (r.skipped === 'no-price') noPrice.push(r.shape);
    }
    return { offers, noPrice, gpuShapes: shapes.length };
  }

  async fetchMetrics(resources: Resource[], signal: AbortSignal): Promise<Map<string, MetricSeries[]>> {
    const { api, creds, options } = await this.getSession();
    const out = new Map<string, MetricSeries[]>();
    const mine = resources.filter((r) => r.provider === 'oci' && (r.kind === 'instance' || r.kind === 'gpu-instance'));
    if (!mine.length) return out;
    const end = this.ctx.clock.now();
    const window = {
      startTime: new Date(end - options.metricsWindowMinutes * 60_000),
      endTime: new Date(end),
      resolution: '1m',
    };
    // One query per metric per compartment, not per instance.
    const byCompartment = groupBy(mine, (r) =>
      typeof r.meta.compartmentId === 'string' ? r.meta.compartmentId : creds.compartments[0]!,
    );
    for (const [compartment, group] of byCompartment) {
      const ids = group.map((r) => ocidOf(r.id));
      const gpuIds = group.filter((r) => r.kind === 'gpu-instance').map((r) => ocidOf(r.id));
      const runningGpuIds = group
        .filter((r) => r.kind === 'gpu-instance' && r.state === 'running')
        .map((r) => ocidOf(r.id));
      for (const def of OCI_METRICS) {
        const wanted = def.gpuOnly ? gpuIds : ids;
        if (!wanted.length) continue;
        const series = await this.metricFor(api, compartment, def, wanted, window, signal);
        // GPU health streams carry no instance id (documented dimensions: component, timestamp,
        // version): an instance none could be matched to says "not reported" rather than an empty chart.
        if (def.gpuOnly)
          for (const ocid of runningGpuIds) if (!series.has(ocid)) series.set(ocid, notReportedSeries(def));
        for (const [ocid, s] of series) {
          const key = `oci:${ocid}`;
          const list = out.get(key) ?? [];
          list.push(s);
          out.set(key, list);
        }
      }
    }
    return out;
  }

  private async metricFor(
    api: OciApi,
    compartment: string,
    def: OciMetricDef,
    ocids: string[],
    window: { startTime: Date; endTime: Date; resolution: string },
    signal: AbortSignal,
  ): Promise<Map<string, MetricSeries>> {
    // The GPU namespace's dimension names are not all documented: ask for the compartment, match locally.
    const query = buildMql(def.metric, def.gpuOnly ? [] : ocids);
    try {
      const data = await api.summarizeMetrics(compartment, { namespace: def.namespace, query, ...window }, signal);
      return metricDataToSeries(data, def, new Set(ocids));
    } catch (e) {
      if (def.gpuOnly && e instanceof CloudtopError && TOLERATED_FOR_OPTIONAL_METRICS.has(e.code)) {
        this.ctx.log.debug(
          { namespace: def.namespace, code: e.code },
          'OCI GPU metrics namespace not available; GPU utilisation omitted',
        );
        return new Map();
      }
      throw e;
    }
  }
}

/** Several entries for one shape (per fault domain): any AVAILABLE wins, counts add up. */
function mergeAvailability(a: OciShapeAvailability | undefined, b: OciShapeAvailability): OciShapeAvailability {
  if (!a) return b;
  const rank = (s: OciShapeAvailability): number =>
    s.availabilityStatus === 'AVAILABLE' ? 2 : s.availabilityStatus ? 1 : 0;
  const best = rank(b) > rank(a) ? b : a;
  const count = (a.availableCount ?? 0) + (b.availableCount ?? 0);
  return { ...best, availableCount: count };
}

function dedupeBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((i) => (seen.has(key(i)) ? false : (seen.add(key(i)), true)));
}

function chunks<T>(items: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
  return out;
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const i of items) {
    const k = key(i);
    const list = m.get(k);
    if (list) list.push(i);
    else m.set(k, [i]);
  }
  return m;
}
