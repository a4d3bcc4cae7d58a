/**
 * `/api/v1`: read-only JSON for scripts, dashboards and home automation, beside the page's
 * WebSocket. Same guard as the page (token by `Authorization: Bearer`, cookie or `?token=`; the
 * server checks Host and Origin before this runs), plus a per-token rate limit. Answers are the
 * CLI's JSON documents (render.ts jsonDocument) built by the CLI's own selection code, so
 * `/api/v1/offers?gpu=H100&max-price=3` and `cloudtop offers --gpu H100 --max-price 3 -o json` agree.
 * Nothing here changes state: writes stay on the page's authenticated socket.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Core } from '../../../core/types';
import { answerHistoryReport } from '../../../core/history/answer';
import { groupByModel } from '../../../shared/offers/group';
import { offerProvidersOf, selectOffers } from '../../cli/commands/offers';
import { resourceProvidersOf, selectResources } from '../../cli/commands/resources';
import { UsageError } from '../../cli/io';
import { JSON_SCHEMA_VERSION, jsonDocument } from '../../cli/render';
import { SECURITY_HEADERS } from '../headers';
import { sameToken } from '../security';
import { createEventStreams, type EventStreams } from './events';
import { openApiDocument } from './openapi';
import { BadParameter, parseHistoryParams, parseNoParams, parseOffersParams, parseResourcesParams } from './query';
import { createRateLimiter, DEFAULT_RATE_LIMIT, type RateLimitOptions } from './rate-limit';
import type { ApiError } from './schemas';

export const API_PREFIX = '/api/v1';

export interface RestApiOptions {
  core: Core;
  token: string;
  version: string;
  /** Counts answers in /metrics (route label, status). */
  record: (route: string, status: number) => void;
  rateLimit?: RateLimitOptions;
  maxEventClients?: number;
  heartbeatMs?: number;
}

interface RestApi {
  /** Answers a request whose path starts with /api (Host and Origin already checked). */
  handle(req: IncomingMessage, res: ServerResponse, url: URL, presentedToken: string | undefined): Promise<void>;
  close(): void;
}

interface Answer {
  body: string;
  /** Strong validator for If-None-Match. */
  etag: string;
}

export function createRestApi(o: RestApiOptions): RestApi {
  const limiter = createRateLimiter(o.rateLimit ?? DEFAULT_RATE_LIMIT);
  const events: EventStreams = createEventStreams({
    core: o.core,
    maxClients: o.maxEventClients,
    heartbeatMs: o.heartbeatMs,
  });
  let openapi: string | undefined;

  const send = (
    res: ServerResponse,
    status: number,
    body: string,
    headers: Record<string, string> = {},
    head = false,
  ): void => {
    o.record('api', status);
    res.writeHead(status, {
      ...SECURITY_HEADERS,
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': 'no-store',
      ...headers,
    });
    res.end(head ? undefined : body);
  };
  const fail = (res: ServerResponse, status: number, error: ApiError, headers: Record<string, string> = {}): void =>
    send(res, status, JSON.stringify({ error }) + '\n', headers);

  // Snapshot-based answers carry `"v<snapshot version>"`: they change exactly when the snapshot does
  // (the URL, and so the filters, are part of what a client caches). The rest hash their body.
  const bodyTag = (body: string): string => `"h${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`;

  const routes: Record<string, (params: URLSearchParams) => Promise<Answer> | Answer> = {
    async offers(params) {
      const { query, providers: selected } = parseOffersParams(params);
      let providers;
      try {
        providers = offerProvidersOf(o.core, selected);
      } catch (e) {
        if (e instanceof UsageError)
          throw new BadParameter('provider', e.message.replace(/ \(try --provider .*\)$/, ''));
        throw e;
      }
      const snap = o.core.snapshot();
      const { matched, shown, relevant } = selectOffers(snap, query, providers);
      const body = jsonDocument(
        { ...snap, providers: relevant },
        { offers: shown, ...(query.group ? { groups: groupByModel(matched) } : {}) },
      );
      return { body, etag: `"v${snap.version}"` };
    },
    async resources(params) {
      const { kinds, providers: selected } = parseResourcesParams(params);
      const providers = await resourceProvidersOf(o.core, selected);
      const snap = o.core.snapshot();
      const { list, relevant } = selectResources(snap, providers, kinds);
      return { body: jsonDocument({ ...snap, providers: relevant }, { resources: list }), etag: `"v${snap.version}"` };
    },
    providers(params) {
      parseNoParams(params);
      const snap = o.core.snapshot();
      return { body: jsonDocument(snap, {}), etag: `"v${snap.version}"` };
    },
    watches(params) {
      parseNoParams(params);
      const body =
        JSON.stringify({ schemaVersion: JSON_SCHEMA_VERSION, watches: o.core.watches.list() }, null, 2) + '\n';
      return { body, etag: bodyTag(body) };
    },
    alerts(params) {
      parseNoParams(params);
      const body =
        JSON.stringify({ schemaVersion: JSON_SCHEMA_VERSION, alerts: o.core.watches.history() }, null, 2) + '\n';
      return { body, etag: bodyTag(body) };
    },
    history(params) {
      const query = parseHistoryParams(params);
      const body =
        JSON.stringify({ schemaVersion: JSON_SCHEMA_VERSION, ...answerHistoryReport(o.core.history, query) }, null, 2) +
        '\n';
      return { body, etag: bodyTag(body) };
    },
    'openapi.json'(params) {
      parseNoParams(params);
      openapi ??= JSON.stringify(openApiDocument(o.version), null, 2) + '\n';
      return { body: openapi, etag: bodyTag(openapi) };
    },
  };

  return {
    async handle(req, res, url, presented) {
      if (req.method !== 'GET' && req.method !== 'HEAD')
        return fail(
          res,
          405,
          { code: 'method_not_allowed', message: 'The API is read-only: GET or HEAD' },
          { Allow: 'GET, HEAD' },
        );
      if (!presented)
        return fail(res, 401, {
          code: 'unauthorized',
          message: 'Send the token `cloudtop serve` printed: Authorization: Bearer <token>',
        });
      if (!sameToken(presented, o.token)) return fail(res, 403, { code: 'forbidden', message: 'Wrong token' });
      const allowed = limiter.take(presented);
      if (!allowed.ok) {
        const seconds = Math.max(1, Math.ceil(allowed.retryAfterMs / 1000));
        return fail(
          res,
          429,
          { code: 'rate_limited', message: `Too many requests; retry in ${seconds} s`, retryAfterSeconds: seconds },
          { 'Retry-After': String(seconds) },
        );
      }
      const name = url.pathname.startsWith(`${API_PREFIX}/`) ? url.pathname.slice(API_PREFIX.length + 1) : '';
      if (name === 'events') {
        try {
          parseNoParams(url.searchParams);
        } catch (e) {
          if (e instanceof BadParameter)
            return fail(res, 400, { code: 'bad_request', message: e.message, parameter: e.parameter });
          throw e;
        }
        if (req.method === 'HEAD')
          return send(res, 200, '', { 'Content-Type': 'text/event-stream; charset=utf-8' }, true);
        if (events.attach(req, res)) return o.record('api', 200);
        return fail(
          res,
          429,
          { code: 'rate_limited', message: 'Too many open event streams' },
          { 'Retry-After': '30' },
        );
      }
      const route = Object.hasOwn(routes, name) ? routes[name] : undefined;
      if (!route)
        return fail(res, 404, {
          code: 'not_found',
          message: `No such endpoint: ${url.pathname} (see ${API_PREFIX}/openapi.json)`,
        });
      let answer: Answer;
      try {
        answer = await route(url.searchParams);
      } catch (e) {
        if (e instanceof BadParameter)
          return fail(res, 400, { code: 'bad_request', message: e.message, parameter: e.parameter });
        if (e instanceof UsageError)
          return fail(res, 400, { code: 'bad_request', message: e.message, parameter: null });
        throw e;
      }
      const head = req.method === 'HEAD';
      if (etagMatches(req.headers['if-none-match'], answer.etag)) {
        o.record('api', 304);
        res.writeHead(304, { ...SECURITY_HEADERS, ETag: answer.etag, 'Cache-Control': 'no-store' });
        return void res.end();
      }
      send(res, 200, answer.body, { ETag: answer.etag }, head);
    },
    close() {
      events.close();
    },
  };
}

/** `If-None-Match: "a", W/"b"` or `*` (weak comparison, RFC 9110 §13.1.2). */
export function etagMatches(header: string | string[] | undefined, etag: string): boolean {
  if (!header) return false;
  const list = (Array.isArray(header) ? header.join(',') : header).split(',').map((t) => t.trim());
  return list.some((t) => t === '*' || t.replace(/^W\//, '') === etag);
}
