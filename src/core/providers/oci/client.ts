/**
 * OCI calls only: each SDK request (one page) is one `ctx.http.call`, so the collector's limiter,
 * retry policy, timeout and cache see every request. Responses are validated here; turning them
 * into the model is parse.ts's job.
 */
import crypto from 'node:crypto';
import * as z from 'zod';
import * as common from 'oci-common';
import * as core from 'oci-core';
import * as monitoring from 'oci-monitoring';
import { CloudtopError } from '../../../shared/model';
import type { Clock } from '../../collector/clock';
import type { HttpClient } from '../../collector/http';
import type { Logger } from '../../log/types';
import { mapOciError, type OciOperation } from './errors';
import {
  OciAvailabilityDomainSchema,
  OciCapacityReportSchema,
  OciInstanceSchema,
  OciMetricDataSchema,
  OciShapeSchema,
  type OciCapacityReport,
  type OciInstance,
  type OciMetricData,
  type OciShape,
} from './parse';
import { AbortableSignedHttpClient, inCallScope, installQuietSdk, quietRetryConfiguration } from './sdk';

export interface OciAuth {
  tenancy: string;
  user: string;
  fingerprint: string;
  privateKey: string;
  passphrase?: string;
  region: string;
}

export interface OciApiDeps {
  http: HttpClient;
  log: Logger;
  clock: Clock;
  /**
   * One URL for every OCI service (the simulator): the SDK appends `/20160918` (core, identity) or
   * `/20180401` (monitoring). Undefined: the real per-service endpoints of `auth.region`.
   */
  endpointOverride?: string;
}

/** Page size we ask for; OCI list APIs accept up to 1000 on most resources, 100 is safe everywhere. */
export const OCI_PAGE_LIMIT = 100;
/** More than the kit's DEFAULT_MAX_PAGES: pages hold OCI_PAGE_LIMIT (100) items and tenancies are large. */
const MAX_PAGES = 500;
const SHAPES_CACHE_MS = 30 * 60_000;
const ADS_CACHE_MS = 6 * 60 * 60_000;

const IDENTITY_TEMPLATE = 'https://identity.{region}.oci.{secondLevelDomain}';

function keyError(passphrase: string | undefined): CloudtopError {
  return new CloudtopError('config', 'The OCI private key could not be read', {
    provider: 'oci',
    hint: passphrase
      ? 'Check that it is an RSA private key in PEM form and that the passphrase is right.'
      : 'Check that it is an RSA private key in PEM form; an encrypted key needs its passphrase.',
  });
}

/**
 * Decrypts and checks the key with node:crypto, and returns it as an unencrypted PKCS#8 PEM. The
 * SDK's key parser (sshpk), given a wrong passphrase, throws and then also emits an unhandled
 * 'error' event from its decipher stream, which would crash the process; it never sees an
 * encrypted key this way. Error messages are our own: parser messages can quote key material.
 */
export function readPrivateKey(pem: string, passphrase: string | undefined): string {
  let key: crypto.KeyObject;
  try {
    key = crypto.createPrivateKey({ key: pem, format: 'pem', passphrase });
  } catch {
    throw keyError(passphrase);
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new CloudtopError(
      'config',
      `The OCI private key is a ${key.asymmetricKeyType ?? 'non-RSA'} key; OCI API signing keys are RSA`,
      {
        provider: 'oci',
        hint: 'Generate an RSA API key (oci setup keys, or Profile → API keys → Add API key).',
      },
    );
  }
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

export class OciApi {
  private readonly compute: core.ComputeClient;
  private readonly monitoring: monitoring.MonitoringClient;
  private readonly transport: AbortableSignedHttpClient;
  private readonly identityRoot: string;

  constructor(
    readonly auth: OciAuth,
    private readonly deps: OciApiDeps,
  ) {
    installQuietSdk();
    // Region is set per client below (regionId), so the provider needs none. The key is handed
    // over already decrypted: see readPrivateKey.
    const provider = new common.SimpleAuthenticationDetailsProvider(
      auth.tenancy,
      auth.user,
      auth.fingerprint,
      readPrivateKey(auth.privateKey, auth.passphrase),
      null,
    );
    try {
      this.transport = new AbortableSignedHttpClient(new common.DefaultRequestSigner(provider), deps.http.fetch);
    } catch {
      throw keyError(auth.passphrase);
    }
    const clientConfig: common.ClientConfiguration = {
      retryConfiguration: quietRetryConfiguration,
      circuitBreaker: new common.CircuitBreaker({ disableClientCircuitBreaker: true }),
    };
    // Our transport signs every request, so the clients get no auth provider of their own.
    const params = { httpClient: this.transport };
    this.compute = new core.ComputeClient(params, clientConfig);
    this.monitoring = new monitoring.MonitoringClient(params, clientConfig);
    const override = deps.endpointOverride?.replace(/\/+$/, '');
    if (override) {
      // The endpoint setters append the API version; set after any region (region setters reset it).
      this.compute.endpoint = override;
      this.monitoring.endpoint = override;
      this.identityRoot = `${override}/20160918`;
    } else {
      this.compute.regionId = auth.region;
      this.monitoring.regionId = auth.region;
      this.identityRoot = `${common.EndpointBuilder.createEndpointFromRegionId(IDENTITY_TEMPLATE, auth.region)}/20160918`;
    }
  }

  private call<T>(
    op: OciOperation,
    compartment: string | undefined,
    fn: () => Promise<T>,
    opts: { signal?: AbortSignal; cacheKey?: string; cacheTtlMs?: number } = {},
  ): Promise<T> {
    const log = this.deps.log;
    return this.deps.http.call(`oci.${op}`, (signal) => inCallScope({ signal, log }, fn), {
      // Every call cloudtop makes only reads (a capacity report is a read with a POST body).
      idempotent: true,
      signal: opts.signal,
      cacheKey: opts.cacheKey,
      cacheTtlMs: opts.cacheKey ? opts.cacheTtlMs : undefined,
      mapError: (e) => mapOciError(e, { operation: op, compartment }, this.deps.clock.now()),
    });
  }

  private validate<T>(op: OciOperation, schema: z.ZodType<T>, value: unknown): T {
    const r = schema.safeParse(value);
    if (r.success) return r.data;
    const issue = r.error.issues[0];
    const at = issue ? issue.path.join('.') || '(root)' : '(root)';
    throw new CloudtopError('bad_response', `OCI ${op} returned an unexpected data shape at ${at}`, {
      provider: 'oci',
      cause: r.error,
    });
  }

  /** Follows `opc-next-page` to the end. */
  private async paginate<T>(
    op: OciOperation,
    fetchPage: (page: string | undefined) => Promise<{ items: T[]; next?: string }>,
  ): Promise<T[]> {
    const all: T[] = [];
    const seen = new Set<string>();
    let page: string | undefined;
    for (let n = 0; n < MAX_PAGES; n++) {
      const r = await fetchPage(page);
      all.push(...r.items);
      if (!r.next) return all;
      if (seen.has(r.next))
        throw new CloudtopError('bad_response', `OCI ${op} repeated a page token`, { provider: 'oci' });
      seen.add(r.next);
      page = r.next;
    }
    throw new CloudtopError('bad_response', `OCI ${op} returned more than ${MAX_PAGES} pages`, { provider: 'oci' });
  }

  listInstances(compartmentId: string, signal?: AbortSignal, limit = OCI_PAGE_LIMIT): Promise<OciInstance[]> {
    const op = 'ListInstances';
    return this.paginate(op, (page) =>
      this.call(
        op,
        compartmentId,
        async () => {
          const r = await this.compute.listInstances({ compartmentId, limit, page });
          return { items: this.validate(op, z.array(OciInstanceSchema), r.items), next: r.opcNextPage || undefined };
        },
        { signal },
      ),
    );
  }

  /** One page only: the cheapest proof that signing and the instance policy work. */
  async probeInstances(compartmentId: string, signal?: AbortSignal): Promise<number> {
    const op = 'ListInstances';
    return this.call(
      op,
      compartmentId,
      async () => {
        const r = await this.compute.listInstances({ compartmentId, limit: 1 });
        return this.validate(op, z.array(OciInstanceSchema), r.items).length;
      },
      { signal },
    );
  }

  listShapes(compartmentId: string, availabilityDomain: string, signal?: AbortSignal): Promise<OciShape[]> {
    const op = 'ListShapes';
    return this.paginate(op, (page) =>
      this.call(
        op,
        compartmentId,
        async () => {
          const r = await this.compute.listShapes({ compartmentId, availabilityDomain, limit: OCI_PAGE_LIMIT, page });
          return { items: this.validate(op, z.array(OciShapeSchema), r.items), next: r.opcNextPage || undefined };
        },
        {
          signal,
          cacheKey: `shapes:${compartmentId}:${availabilityDomain}:${page ?? ''}`,
          cacheTtlMs: SHAPES_CACHE_MS,
        },
      ),
    );
  }

  /**
   * Identity's ListAvailabilityDomains. oci-identity is not a dependency (one call does not justify
   * the package), so the request is composed and signed with oci-common like any SDK call.
   */
  listAvailabilityDomains(tenancy: string, signal?: AbortSignal): Promise<string[]> {
    const op = 'ListAvailabilityDomains';
    return this.call(
      op,
      tenancy,
      async () => {
        const request = await common.composeRequest({
          baseEndpoint: this.identityRoot,
          defaultHeaders: {},
          path: '/availabilityDomains',
          method: 'GET',
          pathParams: {},
          headerParams: { 'Content-Type': 'application/json' },
          queryParams: { compartmentId: tenancy },
        });
        const retrier = common.GenericRetrier.createPreferredRetrier(
          quietRetryConfiguration,
          undefined,
          common.NoRetryConfigurationDetails,
        );
        const res = await retrier.makeServiceCall(this.transport, request, 'Identity', 'listAvailabilityDomains', '');
        const body: unknown = await res.json();
        return this.validate(op, z.array(OciAvailabilityDomainSchema), body).map((a) => a.name);
      },
      { signal, cacheKey: `ads:${tenancy}`, cacheTtlMs: ADS_CACHE_MS },
    );
  }

  /** Capacity reports must name the root compartment (the tenancy). */
  createCapacityReport(
    tenancy: string,
    availabilityDomain: string,
    shapes: readonly string[],
    signal?: AbortSignal,
  ): Promise<OciCapacityReport> {
    const op = 'CreateComputeCapacityReport';
    return this.call(
      op,
      tenancy,
      async () => {
        const r = await this.compute.createComputeCapacityReport({
          createComputeCapacityReportDetails: {
            compartmentId: tenancy,
            availabilityDomain,
            shapeAvailabilities: shapes.map((instanceShape) => ({ instanceShape })),
          },
        });
        return this.validate(op, OciCapacityReportSchema, r.computeCapacityReport);
      },
      { signal },
    );
  }

  summarizeMetrics(
    compartmentId: string,
    q: { namespace: string; query: string; startTime: Date; endTime: Date; resolution?: string },
    signal?: AbortSignal,
  ): Promise<OciMetricData[]> {
    const op = 'SummarizeMetricsData';
    return this.call(
      op,
      compartmentId,
      async () => {
        const r = await this.monitoring.summarizeMetricsData({
          compartmentId,
          summarizeMetricsDataDetails: {
            namespace: q.namespace,
            query: q.query,
            startTime: q.startTime,
            endTime: q.endTime,
            resolution: q.resolution,
          },
        });
        return this.validate(op, z.array(OciMetricDataSchema), r.items);
      },
      { signal },
    );
  }
}
