/**
 * One GET with a bearer token, for the token APIs (DigitalOcean, Linode, Hetzner, …): a missing token
 * and a token the API rejects (the collector's `auth` / `forbidden`) become the provider's own words —
 * where to make a token and which scope it needs — and everything else passes through unchanged.
 */
import { isCloudtopError, type CloudtopError } from '../../../shared/model';
import type { HttpClient, QueryValue } from '../../collector/http';

export interface BearerApi {
  http: HttpClient;
  token: string | undefined;
  /** The provider's error body → a short reason for the collector's messages. */
  describeError: (status: number, body: unknown) => string | undefined;
  /** No token configured. */
  missing: () => CloudtopError;
  /** The API answered 401: the token is wrong, expired or revoked. */
  rejected: (e: CloudtopError) => CloudtopError;
  /** The API answered 403 for `path`: the token lacks a scope. Unchanged when absent. */
  refused?: (e: CloudtopError, path: string) => CloudtopError;
}

export async function bearerGet(
  api: BearerApi,
  path: string,
  query: Record<string, QueryValue>,
  name: string,
  signal: AbortSignal,
): Promise<unknown> {
  if (!api.token) throw api.missing();
  try {
    return await api.http.json<unknown>({
      method: 'GET',
      path,
      query,
      headers: { Authorization: `Bearer ${api.token}` },
      signal,
      name,
      describeError: api.describeError,
    });
  } catch (e) {
    if (!isCloudtopError(e)) throw e;
    if (e.code === 'auth') throw api.rejected(e);
    if (e.code === 'forbidden' && api.refused) throw api.refused(e, path);
    throw e;
  }
}
