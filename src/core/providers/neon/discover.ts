/**
 * Credential discovery from the environment Neon's own tools use (neonctl, the Neon SDKs):
 * `NEON_API_KEY`, and `NEON_ORG_ID` when set. The descriptor's `discover()` hook.
 */
import { discoverFromEnv, type CredentialCandidate } from '../kit/discover';

export type { CredentialCandidate } from '../kit/discover';
export { secretHint } from '../kit/secret-hint';

export function discover(env: Readonly<Record<string, string | undefined>>): CredentialCandidate[] {
  return discoverFromEnv(
    'neon',
    [
      // Keys are opaque (older ones 64 alphanumerics, newer ones `napi_…`): any long token-like string.
      { field: 'apiKey', env: 'NEON_API_KEY', pattern: /^[A-Za-z0-9_\-.]{16,400}$/, secret: true },
      { field: 'orgId', env: 'NEON_ORG_ID', pattern: /^[a-z0-9-]{1,60}$/, secret: false },
    ],
    env,
  );
}
