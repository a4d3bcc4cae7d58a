/**
 * `/v2/catalog/gpus` query validation and GpuType rendering, following the parameter descriptions in
 * openapi-v2.json. Where the spec does not name a status we use 400 for enum/combination errors and
 * 422 for malformed values (the spec's own rule for countryCodes and the CUDA filters).
 */
import { LEVELS, type Level, type SimDataCenter, type SimGpuType, type Tier } from './data';

export interface Problem {
  status: number;
  title: string;
  detail: string;
  errors?: string[];
}

interface CatalogQuery {
  availability: boolean;
  products: string[];
  count: number;
  cloud: Tier;
  countries?: Set<string>;
  cudaExact?: string[];
  minCuda?: number;
}

const PRODUCTS = ['POD', 'CLUSTER', 'SERVERLESS'];
const AVAILABILITY_ONLY = ['product', 'count', 'cloud', 'countryCodes', 'cudaVersions', 'minCudaVersion'];

export const badRequest = (detail: string, errors?: string[]): Problem => ({
  status: 400,
  title: 'Bad Request',
  detail,
  ...(errors ? { errors } : {}),
});
const unprocessable = (errors: string[]): Problem => ({
  status: 422,
  title: 'Unprocessable Entity',
  detail: 'Request validation failed.',
  errors,
});

/** `explode: false` lists: `a,b`. An empty value is an empty list. */
function list(q: URLSearchParams, name: string): string[] | undefined {
  if (!q.has(name)) return undefined;
  return q
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
}

export function parseCatalogQuery(q: URLSearchParams): CatalogQuery | Problem {
  const include = list(q, 'include');
  if (include !== undefined) {
    const unknown = include.filter((v) => v !== 'AVAILABILITY');
    if (include.length === 0 || unknown.length > 0)
      return badRequest(
        `unsupported include value${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ') || '(empty)'}; supported: AVAILABILITY`,
        [`include: must be one of [AVAILABILITY]`],
      );
    if (include.length > 1) return badRequest('include accepts at most one value', ['include: maxItems 1']);
  }
  const availability = include !== undefined;
  if (!availability) {
    const stray = AVAILABILITY_ONLY.filter((p) => q.has(p));
    if (stray.length > 0)
      return badRequest(`${stray.join(', ')} ${stray.length > 1 ? 'are' : 'is'} valid only with include=AVAILABILITY`);
    return { availability: false, products: [], count: 1, cloud: 'SECURE' };
  }
  const products = list(q, 'product');
  if (!products || products.length === 0)
    return badRequest('product is required with include=AVAILABILITY (POD, CLUSTER or SERVERLESS)');
  const badProducts = products.filter((p) => !PRODUCTS.includes(p));
  if (badProducts.length > 0)
    return badRequest(`unsupported product: ${badProducts.join(', ')}; supported: ${PRODUCTS.join(', ')}`);

  const errors: string[] = [];
  let count = 1;
  if (q.has('count')) {
    const raw = q.get('count') ?? '';
    count = /^\d+$/.test(raw) ? Number(raw) : NaN;
    if (!(count >= 1)) errors.push(`count: must be an integer >= 1, got "${raw}"`);
  }
  const cloud = q.get('cloud') ?? 'SECURE';
  if (cloud !== 'SECURE' && cloud !== 'COMMUNITY')
    return badRequest(`unsupported cloud: ${cloud}; supported: SECURE, COMMUNITY`);

  const countries = list(q, 'countryCodes');
  for (const c of countries ?? [])
    if (!/^[A-Z]{2}$/.test(c)) errors.push(`countryCodes: "${c}" is not an uppercase ISO 3166-1 alpha-2 code`);
  const cudaExact = list(q, 'cudaVersions');
  const minCudaRaw = q.get('minCudaVersion');
  if (cudaExact !== undefined && minCudaRaw !== null)
    return badRequest('cudaVersions and minCudaVersion are mutually exclusive');
  for (const v of cudaExact ?? []) if (!/^\d+\.\d+$/.test(v)) errors.push(`cudaVersions: "${v}" is not major.minor`);
  if (minCudaRaw !== null && !/^\d+(\.\d+)?$/.test(minCudaRaw))
    errors.push(`minCudaVersion: "${minCudaRaw}" is not a version`);
  if (errors.length > 0) return unprocessable(errors);

  return {
    availability: true,
    products,
    count,
    cloud,
    ...(countries ? { countries: new Set(countries) } : {}),
    ...(cudaExact ? { cudaExact } : {}),
    ...(minCudaRaw !== null ? { minCuda: Number(minCudaRaw) } : {}),
  };
}

const rank = (l: Level): number => LEVELS.indexOf(l);

function cudaMatches(v: string, q: CatalogQuery): boolean {
  if (q.cudaExact) return q.cudaExact.includes(v);
  if (q.minCuda !== undefined) {
    const [maj, min] = v.split('.').map(Number) as [number, number];
    const want = String(q.minCuda).split('.').map(Number);
    return maj > want[0]! || (maj === want[0]! && (want[1] === undefined || min >= want[1]));
  }
  return true;
}

/**
 * One GpuType as the API returns it, or undefined when the list endpoint drops it (countryCodes with
 * no data center of this type in those countries).
 */
export function renderGpuType(
  t: SimGpuType,
  q: CatalogQuery,
  dataCenters: readonly SimDataCenter[],
  listEndpoint: boolean,
): Record<string, unknown> | undefined {
  const base: Record<string, unknown> = {
    id: t.id,
    name: t.name,
    pool: t.pool,
    manufacturer: t.manufacturer,
    memory: t.memory,
    secure: t.maxCount.secure > 0 && t.price.secure > 0,
    community: t.maxCount.community > 0 && t.price.community > 0,
    price: { ...t.price },
    maxCount: { ...t.maxCount },
  };
  if (!q.availability) return base;

  const tierKey = q.cloud === 'SECURE' ? 'secure' : 'community';
  const offered = base[tierKey] === true && q.count <= t.maxCount[tierKey];
  const byId = new Map(dataCenters.map((d) => [d.id, d]));
  let entries = Object.entries(t.stock[q.cloud]);
  if (q.countries) {
    entries = entries.filter(([id]) => {
      const country = byId.get(id)?.country;
      return country !== undefined && q.countries!.has(country);
    });
    if (entries.length === 0 && listEndpoint) return undefined;
  }
  const cuda = t.cudaVersions.filter((v) => cudaMatches(v, q));
  const cudaOk = !(q.cudaExact || q.minCuda !== undefined) || cuda.length > 0;

  const dcs =
    offered && cudaOk
      ? entries.map(([id, s]) => ({
          id,
          name: byId.get(id)?.name ?? id,
          availability: s.level === 'NONE' || q.count > s.free ? ('NONE' as Level) : s.level,
        }))
      : [];
  const overall = dcs.reduce<Level>((best, d) => (rank(d.availability) > rank(best) ? d.availability : best), 'NONE');
  const out: Record<string, unknown> = { ...base, availability: overall };
  // "omitted entirely when the configuration is unavailable everywhere"
  if (overall !== 'NONE') out.dataCenters = dcs.sort((a, b) => a.id.localeCompare(b.id));
  // "absent entirely for a GPU type with none — AMD, for instance"
  if (cuda.length > 0) out.cudaVersions = cuda.map((version) => ({ version, available: overall !== 'NONE' }));
  return out;
}
