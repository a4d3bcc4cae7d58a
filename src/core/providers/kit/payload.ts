/**
 * The one payload validator: a provider answer that does not have the shape we rely on becomes a
 * `bad_response` CloudtopError naming the field (never echoing values), in one wording for every
 * provider and every transport (plain requests, SDK results, GraphQL bodies).
 */
import type { z } from 'zod';
import { CloudtopError } from '../../../shared/model';

/** `items[0].price` — the path zod reports, as a reader would write it. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out ? `.${String(k)}` : String(k);
  return out || '(root)';
}

/** "at "items[0].price" (expected number, received string)", plus how many more issues there were. */
export function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const first = issues[0];
  if (!first) return 'at "(root)" (invalid)';
  const more = issues.length > 1 ? ` (+${issues.length - 1} more)` : '';
  return `at "${fieldPath(first.path)}" (${first.message})${more}`;
}

export interface PayloadContext {
  provider: string;
  /** "Cloudflare"; defaults to the provider id. */
  displayName?: string;
  /** What was read: "R2 bucket list", "/api/v0/bundles/". */
  what: string;
  status?: number;
}

/** The bad_response error for a payload of the wrong shape. */
export function badPayload(ctx: PayloadContext, problem: string): CloudtopError {
  const name = ctx.displayName ?? ctx.provider;
  return new CloudtopError('bad_response', `${name} ${ctx.what}: unexpected response shape ${problem}`, {
    provider: ctx.provider,
    ...(ctx.status !== undefined ? { status: ctx.status } : {}),
    hint: `${name}'s API answered with data cloudtop does not understand (an API change, or the base URL points at something else); update cloudtop or report it`,
  });
}

/** Parses `data` with `schema`, or throws `bad_response` naming the first offending field. */
export function validatePayload<S extends z.ZodType>(schema: S, data: unknown, ctx: PayloadContext): z.output<S> {
  const r = schema.safeParse(data);
  if (r.success) return r.data;
  throw badPayload(ctx, describeIssues(r.error.issues));
}
