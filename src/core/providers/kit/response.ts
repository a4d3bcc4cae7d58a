/**
 * Response policies for `ProviderDescriptor.response`: the body cap and the check of 2xx answers
 * that reach an SDK through `ctx.http.fetch` (the SDKs trust any 2xx: Cloudflare's turns an HTML
 * captive portal or a body without its envelope into an empty list, reported as "ok, 0 resources").
 */
import type { z } from 'zod';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../../collector/body';
import { describeIssues } from './payload';

export { DEFAULT_MAX_RESPONSE_BYTES };
export const MB = 1024 * 1024;

/**
 * A check requiring every 2xx answer to match `schema` (the provider's envelope), except paths for
 * which `skip` says the body has another shape (a GraphQL endpoint).
 */
export function envelopeCheck(
  schema: z.ZodType,
  skip: (path: string) => boolean = () => false,
): (path: string, body: unknown) => string | undefined {
  return (path, body) => {
    if (skip(path)) return undefined;
    const r = schema.safeParse(body);
    return r.success ? undefined : describeIssues(r.error.issues);
  };
}
