/**
 * Hetzner Cloud API calls, through ctx.http. Bearer project token (one token sees one project);
 * lists page with `page`/`per_page` (max 50) and `meta.pagination.next_page`. Errors are
 * `{error: {code, message, details}}`. Rate limit 3,600 requests/hour per project, refilling one a
 * second; headers `RateLimit-Limit/Remaining/Reset` (Unix time); 429 `rate_limit_exceeded`.
 */
import { CloudtopError } from '../../../shared/model';
import { bearerGet, walkPageNumbers, type BearerApi } from '../kit';
import type { HttpClient, QueryValue } from '../../collector/http';
import { HETZNER_TOKENS_URL } from './descriptor';

export { HETZNER_TOKENS_URL };

export const HETZNER_PER_PAGE = 50;
const OWNER = { provider: 'hetzner', displayName: 'Hetzner' };

/** `{error: {code, message}}` → "message [code]". */
export function describeHetznerError(_status: number, body: unknown): string | undefined {
  if (body && typeof body === 'object') {
    const e = (body as { error?: unknown }).error;
    if (e && typeof e === 'object') {
      const { code, message } = e as { code?: unknown; message?: unknown };
      const m = typeof message === 'string' ? message.trim() : '';
      const c = typeof code === 'string' ? code : '';
      const text = m && c ? `${m} [${c}]` : m || c;
      return text ? text.slice(0, 300) : undefined;
    }
  }
  return typeof body === 'string' && body.trim() ? body.trim().slice(0, 200) : undefined;
}

/** `meta.pagination.next_page`, or undefined on the last page. */
export function nextPageOfHetzner(body: unknown): number | undefined {
  const next = (body as { meta?: { pagination?: { next_page?: unknown } } } | null)?.meta?.pagination?.next_page;
  return typeof next === 'number' && Number.isInteger(next) && next > 1 ? next : undefined;
}

export class HetznerApi {
  private readonly api: BearerApi;

  constructor(http: HttpClient, token: string | undefined) {
    this.api = {
      http,
      token,
      describeError: describeHetznerError,
      missing: () =>
        new CloudtopError(
          'auth',
          'Hetzner needs a Cloud API token: in the Cloud Console open your project → Security → API tokens, create a Read token, and run `cloudtop auth set hetzner`',
          { provider: 'hetzner', hint: `Tokens are per project: ${HETZNER_TOKENS_URL}` },
        ),
      rejected: (e) =>
        new CloudtopError(
          'auth',
          'Hetzner rejected the API token: create a Read token in the Cloud Console (project → Security → API tokens) and run `cloudtop auth set hetzner`',
          {
            provider: 'hetzner',
            status: e.status,
            hint: 'The token may have been deleted, or the project removed.',
            cause: e,
          },
        ),
    };
  }

  get(path: string, query: Record<string, QueryValue>, name: string, signal: AbortSignal): Promise<unknown> {
    return bearerGet(this.api, path, query, name, signal);
  }

  pages(path: string, name: string, signal: AbortSignal): Promise<unknown[]> {
    return walkPageNumbers(OWNER, {
      path,
      fetchPage: (page) => this.get(path, { page, per_page: HETZNER_PER_PAGE }, name, signal),
      nextPage: nextPageOfHetzner,
    });
  }

  servers(signal: AbortSignal): Promise<unknown[]> {
    return this.pages('/servers', 'resources.servers', signal);
  }

  /** CPU and network for one server; `start`/`end` RFC 3339, `step` seconds. */
  metrics(id: string, start: string, end: string, step: number, signal: AbortSignal): Promise<unknown> {
    return this.get(
      `/servers/${encodeURIComponent(id)}/metrics`,
      { type: ['cpu', 'network'], start, end, step },
      'metrics.server',
      signal,
    );
  }

  /** The cheapest call that proves the token: one server at most. */
  probe(signal: AbortSignal): Promise<unknown> {
    return this.get('/servers', { per_page: 1 }, 'probe', signal);
  }
}
