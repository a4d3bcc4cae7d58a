/**
 * Cloudflare API calls, nothing else: the official SDK for REST, its generic `post` for GraphQL.
 * The SDK's own retries are off (`maxRetries: 0`) and its transport is our `ctx.http.fetch`, so the
 * collector's limiter, timeout and single retry policy apply; every call also runs inside
 * `ctx.http.call` so SDK errors become CloudtopErrors (status, Retry-After) the policy understands.
 */
import type Cloudflare from 'cloudflare';
import { CloudtopError } from '../../../shared/model';
import { DEFAULT_MAX_PAGES as MAX_PAGES, sdkErrorMapper } from '../kit';
import { lazySdk } from '../lazy-sdk';
import type { ProviderContext } from '../types';
import {
  AccountSchema,
  AccountsPageSchema,
  PROVIDER,
  ScriptListSchema,
  TokenVerifySchema,
  parseR2Page,
  validate,
  type Account,
  type AccountsPage,
  type Bucket,
  type Script,
  type TokenVerify,
} from './parse';

/**
 * The SDK module, loaded on first use (see lazy-sdk.ts). Exported so tests construct errors from the
 * same (CommonJS) module instance: the package's ESM build has its own, distinct error classes.
 */
export const sdk = lazySdk<{ default: typeof Cloudflare } & typeof Cloudflare>('cloudflare');

export interface CloudflareCredentials extends Record<string, string | undefined> {
  apiToken: string;
  accountId?: string;
}

/** What the limiter and the UI should know about a failed call. */
const TOKEN_HINT =
  'Create or fix the token at https://dash.cloudflare.com/profile/api-tokens and save it in Providers → Cloudflare.';

/** First Cloudflare `errors[]` entry as "code: message", trimmed; Cloudflare's own text, never ours. */
function firstError(e: InstanceType<typeof Cloudflare.APIError>): string | undefined {
  const first = e.errors?.[0];
  if (!first) return undefined;
  const text =
    `${first.code ?? ''}${first.code !== undefined && first.message ? ': ' : ''}${first.message ?? ''}`.trim();
  return text ? text.slice(0, 200) : undefined;
}

/** Cloudflare reports some auth failures as 400 with these codes (e.g. 1000 "Invalid API Token"). */
const AUTH_ERROR_CODES = new Set([1000, 1001, 6003, 6111, 9106, 9109, 10000]);

/** Permission each call needs, for actionable 403 messages. */
const PERMISSIONS: Record<string, string> = {
  'accounts.list': 'Account Settings Read',
  'accounts.get': 'Account Settings Read',
  'workers.scripts.list': 'Workers Scripts Read',
  'r2.buckets.list': 'Workers R2 Storage Read',
  graphql: 'Account Analytics Read',
};

export function mapCloudflareError(name: string, nowMs: number): (e: unknown) => Error {
  const cf = sdk();
  return sdkErrorMapper({
    provider: PROVIDER,
    displayName: 'Cloudflare',
    what: name,
    nowMs,
    networkHint: 'Check the network connection or the Cloudflare base URL.',
    read: (e) => {
      if (e instanceof cf.APIUserAbortError) return { cancelled: true };
      if (e instanceof cf.APIConnectionTimeoutError) return { timedOut: true };
      if (e instanceof cf.APIConnectionError) return { network: true, cause: (e as Error & { cause?: unknown }).cause };
      if (e instanceof cf.APIError) return { status: e.status, headers: e.headers, detail: firstError(e) };
      return undefined;
    },
    special: (f, e) => cloudflareSpecial(name, f.status, e as InstanceType<typeof Cloudflare.APIError>),
    hintFor: (status) =>
      status === 429
        ? 'Cloudflare allows 1200 API requests per 5 minutes per user and then blocks every call for 5 minutes; cloudtop pauses this account until the block ends.'
        : undefined,
  });
}

/** Cloudflare's own ways of saying "bad token" and "missing permission" (codes, not only statuses). */
function cloudflareSpecial(
  name: string,
  status: number,
  e: InstanceType<typeof Cloudflare.APIError>,
): CloudtopError | undefined {
  const detail = firstError(e);
  const suffix = detail ? ` — Cloudflare says "${detail}"` : '';
  const codes = (e.errors ?? []).map((x) => x.code);
  const authCode = codes.some((c) => c !== undefined && AUTH_ERROR_CODES.has(c));
  // Listing accounts needs no particular permission: "Authentication error" there means the token
  // itself is invalid, expired or disabled.
  const badToken =
    status === 401 ||
    (status === 400 && authCode) ||
    (status === 403 && name === 'accounts.list' && codes.includes(10000));
  if (badToken) {
    return new CloudtopError('auth', `Cloudflare rejected the API token (${status} on ${name})${suffix}`, {
      provider: PROVIDER,
      status,
      hint: TOKEN_HINT,
    });
  }
  if (status === 403) {
    const perm = PERMISSIONS[name.split(':')[0]!];
    // Cloudflare answers a missing permission and a bad token alike (code 10000).
    const need = perm ? `: the token needs ${perm}${codes.includes(10000) ? ' (or is no longer valid)' : ''}` : '';
    return new CloudtopError('forbidden', `Cloudflare denied ${name} (403)${need}${suffix}`, {
      provider: PROVIDER,
      status,
      hint: perm ? `Add ${perm} to the API token in the Cloudflare dashboard.` : TOKEN_HINT,
    });
  }
  return undefined;
}

const ACCOUNTS_PER_PAGE = 50;
const R2_PER_PAGE = 1000;
/** The header that picks the jurisdiction a bucket listing covers (cf-oas `r2-list-buckets`). */
const R2_JURISDICTION_HEADER = 'cf-r2-jurisdiction';
const R2_JURISDICTIONS = ['default', 'eu', 'fedramp'] as const;
type R2Jurisdiction = (typeof R2_JURISDICTIONS)[number];

export class CloudflareApi {
  readonly sdk: Cloudflare;

  constructor(
    private readonly ctx: ProviderContext<CloudflareCredentials>,
    credentials: CloudflareCredentials,
  ) {
    this.sdk = new (sdk().default)({
      apiToken: credentials.apiToken,
      // Explicit nulls: the SDK otherwise picks up CLOUDFLARE_API_KEY / CLOUDFLARE_EMAIL from the
      // environment and sends legacy auth headers alongside the token.
      apiKey: null,
      apiEmail: null,
      userServiceKey: null,
      baseURL: ctx.baseUrl,
      maxRetries: 0,
      // A backstop only: ctx.http.call aborts earlier with its own timeout.
      timeout: 60_000,
      fetch: ctx.http.fetch,
      // The SDK logs through console by default; keep its messages (never its request details).
      logLevel: 'warn',
      logger: {
        error: (msg: string) => ctx.log.warn({ sdk: 'cloudflare' }, msg),
        warn: (msg: string) => ctx.log.warn({ sdk: 'cloudflare' }, msg),
        info: (msg: string) => ctx.log.debug({ sdk: 'cloudflare' }, msg),
        debug: () => {},
      },
    });
  }

  private run<T>(
    name: string,
    fn: (signal: AbortSignal) => Promise<T>,
    signal: AbortSignal | undefined,
    extra: { cacheKey?: string; cacheTtlMs?: number } = {},
  ): Promise<T> {
    return this.ctx.http.call(name, fn, {
      idempotent: true,
      signal,
      mapError: mapCloudflareError(name, this.ctx.clock.now()),
      ...extra,
    });
  }

  async verifyUserToken(signal?: AbortSignal): Promise<TokenVerify> {
    const r = await this.run('user.tokens.verify', (s) => this.sdk.user.tokens.verify({ signal: s }), signal);
    return validate(TokenVerifySchema, r, 'token verification');
  }

  async verifyAccountToken(accountId: string, signal?: AbortSignal): Promise<TokenVerify> {
    const r = await this.run(
      'accounts.tokens.verify',
      (s) => this.sdk.accounts.tokens.verify({ account_id: accountId }, { signal: s }),
      signal,
    );
    return validate(TokenVerifySchema, r, 'account token verification');
  }

  async getAccount(accountId: string, signal?: AbortSignal): Promise<Account> {
    const r = await this.run(
      'accounts.get',
      (s) => this.sdk.accounts.get({ account_id: accountId }, { signal: s }),
      signal,
      {
        cacheKey: `accounts.get:${accountId}`,
        cacheTtlMs: 10 * 60_000,
      },
    );
    return validate(AccountSchema, r, 'account details');
  }

  async listAccountsPage(page: number, signal?: AbortSignal): Promise<AccountsPage> {
    const r = await this.run(
      'accounts.list',
      async (s) => {
        const p = await this.sdk.accounts.list({ page, per_page: ACCOUNTS_PER_PAGE }, { signal: s });
        return { result: p.result, result_info: p.result_info };
      },
      signal,
      { cacheKey: `accounts.list:${page}`, cacheTtlMs: 10 * 60_000 },
    );
    return validate(AccountsPageSchema, r, 'account list');
  }

  /** Every account, page by page until a short or empty page (or total_pages) says it is the end. */
  async listAccounts(signal?: AbortSignal): Promise<Account[]> {
    const all: Account[] = [];
    const seen = new Set<string>();
    for (let page = 1; page <= MAX_PAGES; page++) {
      const { result, result_info } = await this.listAccountsPage(page, signal);
      const fresh = result.filter((a) => !seen.has(a.id));
      for (const a of fresh) {
        seen.add(a.id);
        all.push(a);
      }
      if (result.length === 0 || fresh.length === 0) break;
      if (result_info?.total_pages !== undefined && page >= result_info.total_pages) break;
      if (result.length < (result_info?.per_page ?? ACCOUNTS_PER_PAGE)) break;
    }
    return all;
  }

  async listScripts(accountId: string, signal?: AbortSignal): Promise<Script[]> {
    const r = await this.run(
      'workers.scripts.list',
      async (s) => {
        const page = await this.sdk.workers.scripts.list({ account_id: accountId }, { signal: s });
        return page.result;
      },
      signal,
    );
    return validate(ScriptListSchema, r, 'Workers script list');
  }

  /**
   * All R2 buckets, in every jurisdiction. One listing covers one jurisdiction, chosen by the
   * `cf-r2-jurisdiction` header (absent = default), so we list default, eu and fedramp in turn
   * and stamp each bucket with the jurisdiction it was listed under. Read raw (`sdk.get`) because
   * `sdk.r2.buckets.list()` returns only `result` and drops `result_info.cursor`, so it cannot page.
   */
  async listBuckets(accountId: string, signal?: AbortSignal): Promise<Bucket[]> {
    const all: Bucket[] = [];
    for (const jurisdiction of R2_JURISDICTIONS) {
      for (const b of await this.listBucketsIn(accountId, jurisdiction, signal)) {
        all.push({ ...b, jurisdiction: b.jurisdiction ?? jurisdiction });
      }
    }
    return all;
  }

  private async listBucketsIn(
    accountId: string,
    jurisdiction: R2Jurisdiction,
    signal?: AbortSignal,
  ): Promise<Bucket[]> {
    const all: Bucket[] = [];
    const cursors = new Set<string>();
    let cursor: string | undefined;
    for (let i = 0; i < MAX_PAGES; i++) {
      const query: Record<string, string | number> = { per_page: R2_PER_PAGE };
      if (cursor) query.cursor = cursor;
      const body = await this.run(
        'r2.buckets.list',
        (s) =>
          this.sdk.get(`/accounts/${encodeURIComponent(accountId)}/r2/buckets`, {
            query,
            headers: { [R2_JURISDICTION_HEADER]: jurisdiction },
            signal: s,
          }),
        signal,
      );
      const page = parseR2Page(body);
      all.push(...page.buckets);
      if (!page.cursor || page.buckets.length === 0 || cursors.has(page.cursor)) break;
      cursors.add(page.cursor);
      cursor = page.cursor;
    }
    return all;
  }

  /** One GraphQL Analytics query; returns the raw `{data, errors}` body for parse.ts. */
  graphql(name: string, query: string, variables: Record<string, unknown>, signal?: AbortSignal): Promise<unknown> {
    return this.run(
      `graphql:${name}`,
      (s) => this.sdk.post('/graphql', { body: { query, variables }, signal: s }),
      signal,
    );
  }
}
