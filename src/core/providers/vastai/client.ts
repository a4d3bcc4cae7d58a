/**
 * Vast.ai calls. Everything goes through ctx.http (limiter, retry with backoff, timeout, cache):
 * Vast sends no Retry-After on 429, so recovery is the collector's backoff.
 */
import { CloudtopError, isCloudtopError } from '../../../shared/model';
import type { HttpClient } from '../../collector/http';

import { VAST_KEYS_URL } from './descriptor';

export { VAST_KEYS_URL };
const AUTH_MESSAGE = `Vast.ai rejected the API key: create one at ${VAST_KEYS_URL} and run \`cloudtop auth set vastai\``;

export const BUNDLES_PATH = '/api/v0/bundles/';
export const INSTANCES_PATH = '/api/v1/instances/';
/** v1 instances pages hold at most 25 rows (show_instances.yaml). */
export const INSTANCES_PAGE_SIZE = 25;
/** More than the kit's DEFAULT_MAX_PAGES: pages hold only 25 instances. */
const MAX_PAGES = 400;

/**
 * Human text from a Vast error body: `{success, error, msg}`, `{detail}`, `{message}` or plain text
 * ("API requests too frequent"). Bodies never carry our key; still capped in length.
 */
export function describeVastError(_status: number, body: unknown): string | undefined {
  let text: string | undefined;
  if (typeof body === 'string') text = body.trim();
  else if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const pick = [b.msg, b.detail, b.message, b.error].find((v) => typeof v === 'string' && v.trim());
    text = pick as string | undefined;
  }
  if (!text) return undefined;
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

function authHeaders(apiKey: string | undefined): Record<string, string> {
  // Bearer only: the official CLI stopped putting keys in URLs (docs/providers/vastai.md).
  return apiKey ? { Authorization: `Bearer ${apiKey}` } : {};
}

export class VastApi {
  constructor(
    private readonly http: HttpClient,
    private readonly apiKey: string | undefined,
  ) {}

  get hasKey(): boolean {
    return this.apiKey !== undefined;
  }

  /** Turns auth failures into one clear message; the spec answers a bad key on bundles with 404. */
  private mapError(e: unknown, what: 'search' | 'instances', invalidKeySeen: boolean): never {
    if (isCloudtopError(e)) {
      const keyProblem = e.code === 'auth' || e.code === 'forbidden' || (e.status === 404 && invalidKeySeen);
      if (keyProblem) {
        const needsKey = !this.apiKey;
        const message = needsKey
          ? `Vast.ai needs an API key for ${what === 'search' ? 'offer search' : 'instances'}: create one at ${VAST_KEYS_URL} and run \`cloudtop auth set vastai\``
          : AUTH_MESSAGE;
        const hint =
          e.code === 'forbidden'
            ? `The key may lack a permission: offer search needs "misc", instances need "instance_read" (${VAST_KEYS_URL}).`
            : `Create a key at ${VAST_KEYS_URL}, then run \`cloudtop auth set vastai\`.`;
        throw new CloudtopError(e.code === 'forbidden' ? 'forbidden' : 'auth', message, {
          provider: 'vastai',
          hint,
          status: e.status,
          cause: e,
        });
      }
    }
    throw e;
  }

  async searchOffers(query: Record<string, unknown>, signal: AbortSignal, cacheTtlMs: number): Promise<unknown> {
    let invalidKeySeen = false;
    try {
      return await this.http.json<unknown>({
        method: 'POST',
        path: BUNDLES_PATH,
        body: query,
        headers: authHeaders(this.apiKey),
        // A search changes nothing: safe to retry after a 429 or a 5xx.
        idempotent: true,
        // Bundles allow 10 requests/min per IP: a cached answer keeps us at half that.
        cacheTtlMs,
        signal,
        name: 'offers.search',
        describeError: (status, body) => {
          const text = describeVastError(status, body);
          if (status === 404 && text && /invalid user key/i.test(text)) invalidKeySeen = true;
          return text;
        },
      });
    } catch (e) {
      this.mapError(e, 'search', invalidKeySeen);
    }
  }

  async instancesPage(afterToken: string | null, signal: AbortSignal, limit = INSTANCES_PAGE_SIZE): Promise<unknown> {
    try {
      return await this.http.json<unknown>({
        method: 'GET',
        path: INSTANCES_PATH,
        query: { limit, ...(afterToken ? { after_token: afterToken } : {}) },
        headers: authHeaders(this.apiKey),
        signal,
        name: 'instances.list',
        describeError: describeVastError,
      });
    } catch (e) {
      this.mapError(e, 'instances', false);
    }
  }

  /**
   * Follows `next_token` to the end. `parsePage` validates each page and returns its token, so a
   * malformed page stops the walk with bad_response; a token that repeats is a bad_response too.
   */
  async allInstances<T>(
    signal: AbortSignal,
    parsePage: (body: unknown) => { items: T[]; nextToken: string | null },
  ): Promise<T[]> {
    const out: T[] = [];
    const seen = new Set<string>();
    let token: string | null = null;
    for (let page = 0; page < MAX_PAGES; page++) {
      const { items, nextToken } = parsePage(await this.instancesPage(token, signal));
      out.push(...items);
      if (!nextToken) return out;
      if (seen.has(nextToken)) {
        throw new CloudtopError(
          'bad_response',
          `Vast.ai repeated the page token of ${INSTANCES_PATH}; stopped paging after ${page + 1} pages`,
          { provider: 'vastai' },
        );
      }
      seen.add(nextToken);
      token = nextToken;
    }
    throw new CloudtopError('bad_response', `Vast.ai returned more than ${MAX_PAGES} pages from ${INSTANCES_PATH}`, {
      provider: 'vastai',
    });
  }
}
