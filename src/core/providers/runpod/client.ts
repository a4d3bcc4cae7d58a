/**
 * RunPod API calls, all through ctx.http (limiter, retry with Retry-After, timeout). REST v2 for the
 * catalog and pods; GraphQL (retires early 2027) only for spot prices, which v2 does not publish.
 * Bodies come back unvalidated: parse.ts owns the schemas so they can be unit-tested without HTTP.
 */
import { CloudtopError } from '../../../shared/model';
import type { HttpClient, HttpResponse } from '../../collector/http';
import type { CloudTier } from '../../../shared/model';
import { describeProblem, PROVIDER } from './parse';
import type { RateLimitPacer } from './ratelimit';
import { API_KEYS_URL } from './descriptor';

export { API_KEYS_URL };

export const AUTH_HINT = `Create an API key at ${API_KEYS_URL} and run \`cloudtop auth set runpod\` (or set CLOUDTOP_RUNPOD_API_KEY)`;

export const SPOT_QUERY = 'query CloudtopSpotPrices { gpuTypes { id secureSpotPrice communitySpotPrice } }';

export interface RunpodApiDeps {
  http: HttpClient;
  apiKey: string;
  pacer: RateLimitPacer;
  timeoutMs?: number;
}

export class RunpodApi {
  constructor(private readonly deps: RunpodApiDeps) {}

  /** `GET /v2/catalog/gpus?include=AVAILABILITY&product=POD&cloud=…&count=…` (one cloud, one GPU count). */
  gpuCatalog(tier: CloudTier, count: number, signal: AbortSignal): Promise<unknown> {
    return this.body(
      'catalog.gpus',
      {
        path: '/v2/catalog/gpus',
        query: { include: 'AVAILABILITY', product: 'POD', cloud: tier.toUpperCase(), count },
      },
      signal,
      'the GPU catalog',
    );
  }

  /** `GET /v2/catalog/gpus` without availability: the cheapest authenticated call (connection test). */
  gpuTypes(signal: AbortSignal): Promise<unknown> {
    return this.body('catalog.gpus.plain', { path: '/v2/catalog/gpus' }, signal, 'the GPU catalog');
  }

  /** `GET /v2/pods?includeClusterPods=true`: cluster members are billed pods too. No pagination in v2. */
  pods(signal: AbortSignal): Promise<unknown> {
    return this.body('pods.list', { path: '/v2/pods', query: { includeClusterPods: 'true' } }, signal, 'your pods');
  }

  /** GraphQL spot prices (`POST /graphql`). A query is safe to retry, so it is marked idempotent. */
  spotPrices(signal: AbortSignal): Promise<unknown> {
    return this.body(
      'graphql.gpuTypes',
      { path: '/graphql', method: 'POST', body: { query: SPOT_QUERY }, idempotent: true },
      signal,
      'GPU spot prices (GraphQL)',
    );
  }

  private async body(
    name: string,
    req: {
      path: string;
      method?: 'GET' | 'POST';
      query?: Record<string, string | number>;
      body?: unknown;
      idempotent?: boolean;
    },
    signal: AbortSignal,
    what: string,
  ): Promise<unknown> {
    const { http, apiKey, pacer, timeoutMs } = this.deps;
    pacer.check(1);
    let res: HttpResponse<unknown>;
    try {
      res = await http.request<unknown>({
        ...req,
        name,
        headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json, application/problem+json' },
        signal,
        ...(timeoutMs ? { timeoutMs } : {}),
        describeError: describeProblem,
      });
    } catch (e) {
      pacer.observeError(e);
      throw explain(e, what);
    }
    pacer.observe(res.headers);
    return res.body;
  }
}

/** Adds what the user should do to auth/permission errors; everything else passes through. */
export function explain(e: unknown, what: string): unknown {
  if (!(e instanceof CloudtopError)) return e;
  if (e.code === 'auth' || e.status === 401) {
    return new CloudtopError(
      'auth',
      `RunPod rejected the API key: create one at ${API_KEYS_URL} and run \`cloudtop auth set runpod\``,
      {
        provider: PROVIDER,
        status: e.status ?? 401,
        hint: AUTH_HINT,
        cause: e,
      },
    );
  }
  if (e.code === 'forbidden' || e.status === 403) {
    return new CloudtopError(
      'forbidden',
      `RunPod accepted the API key but it has no access to ${what} (HTTP 403): give the key read access at ${API_KEYS_URL}`,
      { provider: PROVIDER, status: e.status ?? 403, hint: AUTH_HINT, cause: e },
    );
  }
  return e;
}
