/**
 * One JSON call to a REST API that spans several hosts (Azure: login, ARM, Retail Prices; Google:
 * OAuth, Compute, Monitoring, Billing), run through the collector: `http.call` gives the limiter,
 * retry policy, timeout and cache, `http.fetch` the per-request deadline and 429 bookkeeping.
 * (`http.request` refuses absolute URLs on another origin than the base URL, on purpose.)
 * Errors become CloudtopErrors through the kit's `classifyHttpStatus` + `parseRetryAfter`; the
 * payload goes through the kit's `validatePayload` (`bad_response` naming the field, never the value).
 */
import type { z } from 'zod';
import { CloudtopError, type ProviderId } from '../../shared/model';
import type { HttpClient } from '../collector/http';
import type { Clock } from '../collector/clock';
import { classifyHttpStatus, parseRetryAfter, validatePayload } from './kit';
import { redact } from '../collector/redact';

interface RestJsonRequest<T> {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** application/x-www-form-urlencoded body (OAuth token endpoints). */
  form?: Record<string, string>;
  /** Label for logs and messages (`arm.virtualMachines.list`); never carries a query string. */
  name: string;
  schema: z.ZodType<T>;
  /** What the payload is, for `bad_response` messages ("VM list"). */
  what: string;
  /** The provider's own explanation from an error body; must not return secrets. */
  describeError?: (status: number, body: unknown) => string | undefined;
  /** Turns the classified error into a provider-specific one (hints naming roles or permissions). */
  refine?: (e: CloudtopError, body: unknown) => CloudtopError;
  cacheKey?: string;
  cacheTtlMs?: number;
  signal?: AbortSignal;
  /** Values that must never appear in an error message (tokens, secrets). */
  secrets?: readonly string[];
}

export interface RestJsonContext {
  provider: ProviderId;
  displayName: string;
  http: HttpClient;
  clock: Clock;
}

export async function restJson<T>(ctx: RestJsonContext, req: RestJsonRequest<T>): Promise<T> {
  const method = req.method ?? (req.form ? 'POST' : 'GET');
  const headers: Record<string, string> = { accept: 'application/json', ...req.headers };
  let body: string | undefined;
  if (req.form) {
    body = new URLSearchParams(req.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  }
  const secrets = [...(req.secrets ?? []), ...Object.values(req.form ?? {}).filter((v) => v.length >= 8)];
  const run = async (signal: AbortSignal): Promise<T> => {
    const res = await ctx.http.fetch(req.url, { method, headers, body, signal });
    const text = await res.text();
    let parsed: unknown;
    let json = true;
    try {
      parsed = text.trim() === '' ? undefined : JSON.parse(text);
    } catch {
      json = false;
    }
    if (!res.ok) {
      let detail: string | undefined;
      try {
        detail = req.describeError?.(res.status, json ? parsed : undefined);
      } catch {
        detail = undefined;
      }
      const e = classifyHttpStatus(
        res.status,
        ctx.provider,
        detail ? redact(detail.slice(0, 300), secrets) : undefined,
        {
          displayName: ctx.displayName,
          what: req.name,
          retryAfterMs: parseRetryAfter(res.headers, ctx.clock.now()),
        },
      );
      throw req.refine ? req.refine(e, json ? parsed : undefined) : e;
    }
    if (!json) {
      throw new CloudtopError(
        'bad_response',
        `${ctx.displayName}: ${req.name} answered with a body that is not JSON (HTTP ${res.status})`,
        {
          provider: ctx.provider,
          status: res.status,
          hint: `${ctx.displayName} may be having an outage, or a base URL points at something else (a proxy or login page)`,
        },
      );
    }
    return validatePayload(req.schema, parsed, {
      provider: ctx.provider,
      displayName: ctx.displayName,
      what: req.what,
    });
  };
  return ctx.http.call(req.name, run, {
    idempotent: true,
    signal: req.signal,
    cacheKey: req.cacheKey,
    cacheTtlMs: req.cacheTtlMs,
  });
}
