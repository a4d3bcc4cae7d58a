import type { QueryValue } from './http';

export function isAbsolute(path: string): boolean {
  return /^https?:\/\//i.test(path);
}

/** Base URL + path (or an absolute pagination link) + query; arrays repeat the key. Throws on a bad URL. */
export function buildUrl(baseUrl: string, path: string, query: Record<string, QueryValue> | undefined): URL {
  const url = isAbsolute(path)
    ? new URL(path)
    : new URL(`${baseUrl.replace(/\/+$/, '')}${path.startsWith('/') ? '' : '/'}${path}`);
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null) continue;
    if (Array.isArray(v)) for (const x of v) url.searchParams.append(k, String(x));
    else url.searchParams.append(k, String(v));
  }
  return url;
}

export function tryJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}
