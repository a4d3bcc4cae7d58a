/**
 * Credential discovery from the environment Cloudflare's own tools use (wrangler, Terraform, the
 * SDK): `CLOUDFLARE_API_TOKEN` and `CLOUDFLARE_ACCOUNT_ID`. Pure: it only reports candidates; the
 * CLI/app asks the user before anything is saved (issue #3 item 7).
 */
import type { ProviderId } from '../../../shared/model';

export interface CredentialCandidate {
  provider: ProviderId;
  /** Where it was found, for the consent prompt ("environment variable CLOUDFLARE_API_TOKEN"). */
  source: string;
  /** Credential field values keyed like the descriptor's credentialFields. */
  fields: Record<string, string>;
  /** Non-revealing hints per field (secrets show only their last 4 characters). */
  hints: Record<string, string>;
}

/** Last four characters only, and only when the value is long enough not to reveal most of it. */
export function secretHint(value: string): string {
  return value.length >= 12 ? `…${value.slice(-4)}` : '…';
}

// Tokens are opaque; accept the visible-ASCII, no-whitespace strings tokens are, reject obvious junk.
const TOKEN_RE = /^[A-Za-z0-9_\-.~+/=]{20,400}$/;
const ACCOUNT_RE = /^[0-9a-f]{32}$/i;

export function discover(env: Readonly<Record<string, string | undefined>>): CredentialCandidate[] {
  const token = env.CLOUDFLARE_API_TOKEN?.trim();
  if (!token || !TOKEN_RE.test(token)) return [];
  const fields: Record<string, string> = { apiToken: token };
  const hints: Record<string, string> = { apiToken: secretHint(token) };
  const sources = ['CLOUDFLARE_API_TOKEN'];
  const account = env.CLOUDFLARE_ACCOUNT_ID?.trim();
  if (account && ACCOUNT_RE.test(account)) {
    fields.accountId = account.toLowerCase();
    hints.accountId = account.toLowerCase();
    sources.push('CLOUDFLARE_ACCOUNT_ID');
  }
  return [
    {
      provider: 'cloudflare',
      source: `environment variable${sources.length > 1 ? 's' : ''} ${sources.join(', ')}`,
      fields,
      hints,
    },
  ];
}
