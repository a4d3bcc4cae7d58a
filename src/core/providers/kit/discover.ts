/**
 * The optional `discover()` hook: a provider reports credentials the user's other tools already hold
 * (environment variables of the provider's own CLI/SDK). Pure: it only describes candidates; the
 * CLI/app asks before anything is saved.
 */
import type { ProviderId } from '../../../shared/model';
import { secretHint } from './secret-hint';

export interface CredentialCandidate {
  provider: ProviderId;
  /** Account (profile) name to import into. */
  account?: string;
  /** Where it was found, for the consent prompt ("environment variable CLOUDFLARE_API_TOKEN"). */
  source: string;
  /** Credential field values keyed like the descriptor's credentialFields. */
  fields: Record<string, string>;
  /** Non-revealing hints per field (secrets through `secretHint`). */
  hints: Record<string, string>;
}

export interface EnvVarField {
  /** Credential field name ("apiToken"). */
  field: string;
  /** Environment variable the provider's own tools read ("CLOUDFLARE_API_TOKEN"). */
  env: string;
  /** Values that do not match are ignored (junk, placeholders). */
  pattern: RegExp;
  secret: boolean;
  /** Normalises the value (lower-casing ids). */
  normalise?: (v: string) => string;
}

/**
 * Discovery from environment variables: the first field is the required one (no candidate without
 * it); the others are added when present and valid.
 */
export function discoverFromEnv(
  provider: ProviderId,
  fields: readonly [EnvVarField, ...EnvVarField[]],
  env: Readonly<Record<string, string | undefined>>,
): CredentialCandidate[] {
  const out: Record<string, string> = {};
  const hints: Record<string, string> = {};
  const sources: string[] = [];
  for (const [i, f] of fields.entries()) {
    const raw = env[f.env]?.trim();
    if (!raw || !f.pattern.test(raw)) {
      if (i === 0) return [];
      continue;
    }
    const v = f.normalise ? f.normalise(raw) : raw;
    out[f.field] = v;
    hints[f.field] = f.secret ? secretHint(v) : v;
    sources.push(f.env);
  }
  return [
    {
      provider,
      source: `environment variable${sources.length > 1 ? 's' : ''} ${sources.join(', ')}`,
      fields: out,
      hints,
    },
  ];
}
