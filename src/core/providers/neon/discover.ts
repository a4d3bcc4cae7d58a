/**
 * Credential discovery from the environment Neon's own tools use (neonctl, the Neon SDKs):
 * `NEON_API_KEY`, and `NEON_ORG_ID` when set. Pure: it only reports candidates; the CLI/app asks
 * the user before anything is saved (issue #3 item 7).
 */
import type { ProviderId } from '../../../shared/model';

export interface CredentialCandidate {
  provider: ProviderId;
  /** Where it was found, for the consent prompt. */
  source: string;
  /** Credential field values keyed like the descriptor's credentialFields. */
  fields: Record<string, string>;
  /** Non-revealing hints per field (secrets show only their last 4 characters). */
  hints: Record<string, string>;
}

export function secretHint(value: string): string {
  return value.length >= 12 ? `…${value.slice(-4)}` : '…';
}

// Keys are opaque (older ones 64 alphanumerics, newer ones `napi_…`): accept any long token-like string.
const KEY_RE = /^[A-Za-z0-9_\-.]{16,400}$/;
const ORG_RE = /^[a-z0-9-]{1,60}$/;

export function discover(env: Readonly<Record<string, string | undefined>>): CredentialCandidate[] {
  const key = env.NEON_API_KEY?.trim();
  if (!key || !KEY_RE.test(key)) return [];
  const fields: Record<string, string> = { apiKey: key };
  const hints: Record<string, string> = { apiKey: secretHint(key) };
  const sources = ['NEON_API_KEY'];
  const org = env.NEON_ORG_ID?.trim();
  if (org && ORG_RE.test(org)) {
    fields.orgId = org;
    hints.orgId = org;
    sources.push('NEON_ORG_ID');
  }
  return [
    {
      provider: 'neon',
      source: `environment variable${sources.length > 1 ? 's' : ''} ${sources.join(', ')}`,
      fields,
      hints,
    },
  ];
}
