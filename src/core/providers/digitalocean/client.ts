/**
 * DigitalOcean API v2 calls, through ctx.http. Bearer token on every call; lists page with
 * `links.pages.next` (an absolute https://api.digitalocean.com URL: we take its `page` and ask our
 * own base URL, so an overridden base URL is never left for the real host mid-listing).
 * Rate limit: 5,000 requests/hour and 250/minute per token, headers `ratelimit-limit/remaining/reset`
 * (reset = Unix epoch); a 429 carries `retry-after` only for the per-minute burst limit.
 */
import { CloudtopError } from '../../../shared/model';
import { bearerGet, walkPageNumbers, type BearerApi } from '../kit';
import type { HttpClient, QueryValue } from '../../collector/http';
import { DO_TOKENS_URL, DO_READ_SCOPES } from './descriptor';

export { DO_TOKENS_URL, DO_READ_SCOPES };

/** Largest page DigitalOcean serves (per_page 1..200). */
export const DO_PER_PAGE = 200;
const OWNER = { provider: 'digitalocean', displayName: 'DigitalOcean' };

interface DoErrorBody {
  id?: unknown;
  message?: unknown;
}

/** `{id, message, request_id}` → "message [id]". Never echoes the token (DigitalOcean does not either). */
export function describeDigitalOceanError(_status: number, body: unknown): string | undefined {
  if (body && typeof body === 'object') {
    const e = body as DoErrorBody;
    const message = typeof e.message === 'string' ? e.message.trim() : '';
    const id = typeof e.id === 'string' ? e.id : '';
    const text = message && id ? `${message} [${id}]` : message || id;
    return text ? text.slice(0, 300) : undefined;
  }
  return typeof body === 'string' && body.trim() ? body.trim().slice(0, 200) : undefined;
}

/** The `page` number of a `links.pages.next` URL, or undefined when there is none or it is unreadable. */
export function nextPageOf(body: unknown): number | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const next = (body as { links?: { pages?: { next?: unknown } } }).links?.pages?.next;
  if (typeof next !== 'string' || !next) return undefined;
  try {
    const page = Number(new URL(next).searchParams.get('page'));
    return Number.isInteger(page) && page > 1 ? page : undefined;
  } catch {
    return undefined;
  }
}

export class DigitalOceanApi {
  constructor(
    private readonly http: HttpClient,
    private readonly token: string | undefined,
  ) {}

  private api(scope: string): BearerApi {
    return {
      http: this.http,
      token: this.token,
      describeError: describeDigitalOceanError,
      missing: () =>
        new CloudtopError(
          'auth',
          `DigitalOcean needs an API token: create a read-only one at ${DO_TOKENS_URL} and run \`cloudtop auth set digitalocean\``,
          { provider: 'digitalocean', hint: `Scopes needed: ${DO_READ_SCOPES}.` },
        ),
      rejected: (e) =>
        new CloudtopError(
          'auth',
          `DigitalOcean rejected the API token: create one at ${DO_TOKENS_URL} and run \`cloudtop auth set digitalocean\``,
          {
            provider: 'digitalocean',
            status: e.status,
            hint: `The token may be expired or revoked. Read-only scopes needed: ${DO_READ_SCOPES}.`,
            cause: e,
          },
        ),
      refused: (e, path) =>
        new CloudtopError(
          'forbidden',
          `DigitalOcean refused ${path}: the token needs the ${scope} scope (edit it at ${DO_TOKENS_URL})`,
          { provider: 'digitalocean', status: e.status, cause: e },
        ),
    };
  }

  /** One GET; 401/403 become messages that say which token scope is needed. */
  get(
    path: string,
    query: Record<string, QueryValue>,
    name: string,
    scope: string,
    signal: AbortSignal,
  ): Promise<unknown> {
    return bearerGet(this.api(scope), path, query, name, signal);
  }

  /** Every page of a list: each page's body, in order. */
  async pages(
    path: string,
    query: Record<string, QueryValue>,
    name: string,
    scope: string,
    signal: AbortSignal,
  ): Promise<unknown[]> {
    return walkPageNumbers(OWNER, {
      path,
      fetchPage: (page) => this.get(path, { ...query, page, per_page: DO_PER_PAGE }, name, scope, signal),
      nextPage: nextPageOf,
    });
  }

  droplets(signal: AbortSignal): Promise<unknown[]> {
    return this.pages('/v2/droplets', {}, 'resources.droplets', 'droplet:read', signal);
  }

  sizes(signal: AbortSignal): Promise<unknown[]> {
    return this.pages('/v2/sizes', {}, 'offers.sizes', 'sizes:read', signal);
  }

  account(signal: AbortSignal): Promise<unknown> {
    return this.get('/v2/account', {}, 'account', 'account:read', signal);
  }

  /** Cumulative CPU seconds per mode; `start`/`end` are Unix seconds. */
  cpu(hostId: string, start: number, end: number, signal: AbortSignal): Promise<unknown> {
    return this.get(
      '/v2/monitoring/metrics/droplet/cpu',
      { host_id: hostId, start, end },
      'metrics.cpu',
      'monitoring:read',
      signal,
    );
  }

  /** Public-interface bandwidth in Mbps. */
  bandwidth(
    hostId: string,
    direction: 'inbound' | 'outbound',
    start: number,
    end: number,
    signal: AbortSignal,
  ): Promise<unknown> {
    return this.get(
      '/v2/monitoring/metrics/droplet/bandwidth',
      { host_id: hostId, interface: 'public', direction, start, end },
      `metrics.bandwidth-${direction}`,
      'monitoring:read',
      signal,
    );
  }
}
