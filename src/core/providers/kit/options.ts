/**
 * The one options parser: a provider's `optionsSchema` (on its descriptor) checks
 * `providers.<id>.options` from cloudtop.json. The config loader runs it when the file loads, so a
 * bad option is a config error at start; clients call it again to get the typed, defaulted value.
 */
import type { z } from 'zod';
import { CloudtopError } from '../../../shared/model';

export interface OptionsOwner<S extends z.ZodType = z.ZodType> {
  id: string;
  displayName: string;
  optionsSchema?: S;
}

/** The config error for invalid options (one wording for every provider). */
export function optionsError(owner: OptionsOwner, issues: readonly z.core.$ZodIssue[]): CloudtopError {
  const first = issues[0];
  const where = first && first.path.length ? `.${first.path.map(String).join('.')}` : '';
  return new CloudtopError(
    'config',
    `Invalid ${owner.displayName} options in cloudtop.json: providers.${owner.id}.options${where}: ${first?.message ?? 'invalid'}${issues.length > 1 ? ` (+${issues.length - 1} more)` : ''}`,
    {
      provider: owner.id,
      hint: `Fix providers.${owner.id}.options in cloudtop.json (docs/configuration.md lists each provider's options)`,
    },
  );
}

/** Validated options with defaults filled in; throws a `config` CloudtopError naming the option. */
export function parseProviderOptions<S extends z.ZodType>(
  owner: OptionsOwner<S> & { optionsSchema: S },
  raw: unknown,
): z.output<S> {
  const r = owner.optionsSchema.safeParse(raw ?? {});
  if (r.success) return r.data;
  throw optionsError(owner, r.error.issues);
}
