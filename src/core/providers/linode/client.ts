/**
 * Linode (Akamai) API v4 calls, through ctx.http. Bearer personal access token; lists page with
 * `page`/`page_size` (25..500) and answer `{data, page, pages, results}`. Errors are
 * `{errors: [{reason, field?}]}`. Rate limits are per token and per operation; `/stats` is the
 * tightest at 50 requests/minute (techdocs.akamai.com/linode-api/reference/rate-limits).
 */
import { CloudtopError } from '../../../shared/model';
import { bearerGet, walkPageNumbers, type BearerApi } from '../kit';
import type { HttpClient, QueryValue } from '../../collector/http';
import { LINODE_TOKENS_URL, LINODE_SCOPES } from './descriptor';

export { LINODE_TOKENS_URL, LINODE_SCOPES };

export const LINODE_PAGE_SIZE = 500;
const OWNER = { provider: 'linode', displayName: 'Linode' };

/** `{errors: [{reason, field}]}` → "field: reason; …". */
export function describeLinodeError(_status: number, body: unknown): string | undefined {
  if (body && typeof body === 'object') {
    const errors = (body as { errors?: unknown }).errors;
    if (Array.isArray(errors)) {
      const text = errors
        .map((e: unknown) => {
          if (!e || typeof e !== 'object') return '';
          const { reason, field } = e as { reason?: unknown; field?: unknown };
          if (typeof reason !== 'string') return '';
          return typeof field === 'string' && field ? `${field}: ${reason}` : reason;
        })
        .filter(Boolean)
        .join('; ');
      return text ? text.slice(0, 300) : undefined;
    }
  }
  return typeof body === 'string' && body.trim() ? body.trim().slice(0, 200) : undefined;
}

function pagesOf(body: unknown): number | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const pages = (body as { pages?: unknown }).pages;
  return typeof pages === 'number' && Number.isInteger(pages) && pages >= 1 ? pages : undefined;
}

export class LinodeApi {
  private readonly api: BearerApi;

  constructor(http: HttpClient, token: string | undefined) {
    this.api = {
      http,
      token,
      describeError: describeLinodeError,
      missing: () =>
        new CloudtopError(
          'auth',
          `Linode needs a personal access token: create one at ${LINODE_TOKENS_URL} and run \`cloudtop auth set linode\``,
          { provider: 'linode', hint: `Scope needed: ${LINODE_SCOPES}.` },
        ),
      rejected: (e) =>
        new CloudtopError(
          'auth',
          `Linode rejected the personal access token: create one at ${LINODE_TOKENS_URL} and run \`cloudtop auth set linode\``,
          {
            provider: 'linode',
            status: e.status,
            hint: `The token may be expired or revoked. Scope needed: ${LINODE_SCOPES}.`,
            cause: e,
          },
        ),
      refused: (e, path) =>
        new CloudtopError(
          'forbidden',
          `Linode refused ${path}: the token needs the "${LINODE_SCOPES}" scope (create a new token at ${LINODE_TOKENS_URL})`,
          { provider: 'linode', status: e.status, cause: e },
        ),
    };
  }

  get(path: string, query: Record<string, QueryValue>, name: string, signal: AbortSignal): Promise<unknown> {
    return bearerGet(this.api, path, query, name, signal);
  }

  pages(path: string, name: string, signal: AbortSignal): Promise<unknown[]> {
    return walkPageNumbers(OWNER, {
      path,
      fetchPage: (page) => this.get(path, { page, page_size: LINODE_PAGE_SIZE }, name, signal),
      nextPage: (body, page) => {
        const pages = pagesOf(body);
        return pages === undefined || page >= pages ? undefined : page + 1;
      },
    });
  }

  instances(signal: AbortSignal): Promise<unknown[]> {
    return this.pages('/linode/instances', 'resources.instances', signal);
  }

  types(signal: AbortSignal): Promise<unknown[]> {
    return this.pages('/linode/types', 'offers.types', signal);
  }

  regions(signal: AbortSignal): Promise<unknown[]> {
    return this.pages('/regions', 'offers.regions', signal);
  }

  availability(signal: AbortSignal): Promise<unknown[]> {
    return this.pages('/regions/availability', 'offers.availability', signal);
  }

  stats(id: number | string, signal: AbortSignal): Promise<unknown> {
    return this.get(`/linode/instances/${encodeURIComponent(String(id))}/stats`, {}, 'metrics.stats', signal);
  }

  profile(signal: AbortSignal): Promise<unknown> {
    return this.get('/profile', {}, 'profile', signal);
  }
}
