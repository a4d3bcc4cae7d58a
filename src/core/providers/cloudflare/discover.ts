/**
 * Credential discovery from the environment Cloudflare's own tools use (wrangler, Terraform, the
 * SDK): `CLOUDFLARE_API_TOKEN` and `CLOUDFLARE_ACCOUNT_ID`. The descriptor's `discover()` hook.
 */
import { discoverFromEnv, type CredentialCandidate } from '../kit/discover';

export type { CredentialCandidate } from '../kit/discover';
export { secretHint } from '../kit/secret-hint';

export function discover(env: Readonly<Record<string, string | undefined>>): CredentialCandidate[] {
  return discoverFromEnv(
    'cloudflare',
    [
      // Tokens are opaque: the visible-ASCII, no-whitespace strings tokens are; obvious junk is ignored.
      { field: 'apiToken', env: 'CLOUDFLARE_API_TOKEN', pattern: /^[A-Za-z0-9_\-.~+/=]{20,400}$/, secret: true },
      {
        field: 'accountId',
        env: 'CLOUDFLARE_ACCOUNT_ID',
        pattern: /^[0-9a-f]{32}$/i,
        secret: false,
        normalise: (v) => v.toLowerCase(),
      },
    ],
    env,
  );
}
