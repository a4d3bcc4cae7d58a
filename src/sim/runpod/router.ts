/**
 * Routes of the RunPod simulator: REST v2 (`/v2/catalog/gpus[/{id}]`, `/v2/catalog/datacenters[/{id}]`,
 * `/v2/pods[/{id}]`) with Bearer auth, per-key rate limits and RFC 9457 problem+json errors, plus
 * `POST /graphql` for the spot prices v2 lacks.
 */
import { bearer, type SimRequest, type SimResponse, type SimRouter } from '../common/http-sim';
import { badRequest, parseCatalogQuery, renderGpuType, type Problem } from './catalog';
import { LEVELS, TIERS, type Level } from './data';
import { executeQuery } from './graphql';
import type { RateBudget } from './ratelimit';
import type { RunpodScenario } from './state';

const PROBLEM = 'application/problem+json';

export function problem(p: Problem, headers: Record<string, string> = {}): SimResponse {
  return { status: p.status, headers: { ...headers, 'content-type': PROBLEM }, body: p };
}

const notFound = (detail: string): Problem => ({ status: 404, title: 'Not Found', detail });

/** Spec paths the simulator knows (method → handled), for 405 vs 404. */
const KNOWN: { re: RegExp; methods: string[] }[] = [
  { re: /^\/v2\/catalog\/gpus$/, methods: ['GET'] },
  { re: /^\/v2\/catalog\/gpus\/[^/]+$/, methods: ['GET'] },
  { re: /^\/v2\/catalog\/datacenters$/, methods: ['GET'] },
  { re: /^\/v2\/catalog\/datacenters\/[^/]+$/, methods: ['GET'] },
  { re: /^\/v2\/pods$/, methods: ['GET'] },
  { re: /^\/v2\/pods\/[^/]+$/, methods: ['GET'] },
];

export function createRouter(s: RunpodScenario, budget: RateBudget): SimRouter {
  return (req) => {
    if (req.path === '/graphql') return graphql(req, s);
    if (!req.path.startsWith('/v2/')) return problem(notFound(`no route for ${req.path}`));

    const token = bearer(req);
    if (!token) return problem({ status: 401, title: 'Unauthorized', detail: 'missing bearer token' });
    const access = s.keys.get(token);
    if (!access) return problem({ status: 401, title: 'Unauthorized', detail: 'invalid or expired API key' });

    const rl = budget.take(token);
    if (!rl.ok) {
      return problem(
        { status: 429, title: 'Too Many Requests', detail: `rate limit exceeded for the ${rl.window} window` },
        { ...rl.headers, 'Retry-After': String(rl.retryAfterSec) },
      );
    }
    const h = rl.headers;
    const known = KNOWN.find((k) => k.re.test(req.path));
    if (!known) return problem(notFound(`no route for ${req.path}`), h);
    if (!known.methods.includes(req.method)) {
      return problem(
        { status: 405, title: 'Method Not Allowed', detail: 'The requested method is not allowed for this path.' },
        { ...h, Allow: known.methods.join(', ') },
      );
    }
    if (access.deny?.some((prefix) => req.path.startsWith(prefix)))
      return problem({ status: 403, title: 'Forbidden', detail: 'access denied' }, h);

    const ok = (body: unknown): SimResponse => ({ status: 200, headers: h, body });
    const segs = req.path.split('/').slice(2).map(decodeURIComponent); // ['catalog','gpus',id?]

    if (segs[0] === 'catalog' && segs[1] === 'gpus') {
      const q = parseCatalogQuery(req.query);
      if ('status' in q) return problem(q, h);
      if (segs[2] !== undefined) {
        const t = s.gpuTypes.get(segs[2]);
        if (!t) return problem(notFound(`gpu type ${segs[2]} not found`), h);
        return ok(renderGpuType(t, q, s.dataCenters, false));
      }
      const gpus = [...s.gpuTypes.values()]
        .map((t) => renderGpuType(t, q, s.dataCenters, true))
        .filter((g) => g !== undefined);
      return ok({ gpus });
    }

    if (segs[0] === 'catalog' && segs[1] === 'datacenters') {
      const include = req.query.get('include')?.split(',').filter(Boolean) ?? [];
      const bad = include.filter((v) => v !== 'GPU_AVAILABILITY' && v !== 'CPU_AVAILABILITY');
      if (bad.length > 0)
        return problem(
          badRequest(`unsupported include: ${bad.join(', ')}; supported: GPU_AVAILABILITY, CPU_AVAILABILITY`),
          h,
        );
      const render = (id: string): Record<string, unknown> | undefined => {
        const d = s.dataCenters.find((x) => x.id === id);
        if (!d) return undefined;
        const out: Record<string, unknown> = {
          id: d.id,
          name: d.name,
          region: d.region,
          networkVolumeTypes: d.networkVolumeTypes,
          compliance: d.compliance,
          globalNetwork: d.globalNetwork,
        };
        if (include.includes('GPU_AVAILABILITY')) {
          const gpus = [...s.gpuTypes.values()].flatMap((t) => {
            const levels = TIERS.map((tier) => t.stock[tier][d.id]?.level).filter((l): l is Level => l !== undefined);
            if (levels.length === 0) return [];
            const best = levels.reduce((a, b) => (LEVELS.indexOf(b) > LEVELS.indexOf(a) ? b : a));
            return [{ id: t.id, name: t.name, availability: best }];
          });
          if (gpus.length > 0) out.gpuAvailability = gpus;
        }
        return out;
      };
      if (segs[2] !== undefined) {
        const one = render(segs[2]);
        return one ? ok(one) : problem(notFound(`data center ${segs[2]} not found`), h);
      }
      return ok({ dataCenters: s.dataCenters.map((d) => render(d.id)!) });
    }

    if (segs[0] === 'pods') {
      const raw = req.query.get('includeClusterPods');
      if (raw !== null && raw !== 'true' && raw !== 'false')
        return problem(
          {
            status: 422,
            title: 'Unprocessable Entity',
            detail: 'Request validation failed.',
            errors: ['includeClusterPods: must be a boolean'],
          },
          h,
        );
      if (segs[1] !== undefined) {
        const pod = s.pods.find((p) => p.id === segs[1]);
        return pod ? ok(pod) : problem(notFound('pod not found'), h);
      }
      return ok({ pods: s.pods.filter((p) => raw === 'true' || p.cluster === undefined) });
    }
    return problem(notFound(`no route for ${req.path}`), h);
  };
}

/** GraphQL: Bearer header (runpodctl) or `?api_key=` (the docs and runpod-python); 401 on a bad key. */
function graphql(req: SimRequest, s: RunpodScenario): SimResponse {
  if (!s.graphqlEnabled) return { status: 404, body: '404 page not found', headers: { 'content-type': 'text/plain' } };
  if (req.method !== 'POST')
    return { status: 405, headers: { Allow: 'POST' }, body: { errors: [{ message: 'GraphQL only accepts POST' }] } };
  const key = bearer(req) ?? req.query.get('api_key') ?? undefined;
  if (!key || !s.keys.has(key)) return { status: 401, body: { errors: [{ message: 'Unauthorized' }] } };
  const body = req.json as { query?: unknown } | undefined;
  if (!body || typeof body.query !== 'string')
    return { status: 400, body: { errors: [{ message: 'Must provide query string.' }] } };
  return { status: 200, body: executeQuery(body.query, s.gpuTypes.values()) };
}
