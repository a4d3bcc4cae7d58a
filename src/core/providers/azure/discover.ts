/**
 * Credential discovery from the environment the Azure SDKs and CLI use for a service principal
 * (`AZURE_TENANT_ID`, `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`, optional `AZURE_SUBSCRIPTION_ID`).
 * The descriptor's `discover()` hook; pure: `cloudtop auth import` asks before anything is saved.
 */
import { discoverFromEnv, type CredentialCandidate } from '../kit/discover';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function discover(env: Readonly<Record<string, string | undefined>>): CredentialCandidate[] {
  // A service principal needs all three; the kit requires only the first field, so the rest are checked here.
  return discoverFromEnv(
    'azure',
    [
      { field: 'tenantId', env: 'AZURE_TENANT_ID', pattern: /^\S{1,200}$/, secret: false },
      { field: 'clientId', env: 'AZURE_CLIENT_ID', pattern: GUID, secret: false },
      { field: 'clientSecret', env: 'AZURE_CLIENT_SECRET', pattern: /^\S{1,400}$/, secret: true },
      { field: 'subscriptionId', env: 'AZURE_SUBSCRIPTION_ID', pattern: GUID, secret: false },
    ],
    env,
  ).filter((c) => c.fields.clientId !== undefined && c.fields.clientSecret !== undefined);
}

/**
 * The Azure CLI's sign-in (`az login`), from its profile file `azureProfile.json` (in
 * `$AZURE_CONFIG_DIR`, default `~/.azure`): the default subscription's tenant. Importing it saves the
 * tenant only; tokens come from `az account get-access-token` when cloudtop polls.
 */
export function discoverAzureCli(path: string, text: string): CredentialCandidate | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
  const subs = (raw as { subscriptions?: unknown }).subscriptions;
  if (!Array.isArray(subs)) return undefined;
  const list = subs.filter(
    (s): s is { tenantId: string; id?: string; isDefault?: boolean; name?: string } =>
      !!s && typeof s === 'object' && typeof (s as { tenantId?: unknown }).tenantId === 'string',
  );
  const pick = list.find((s) => s.isDefault) ?? list[0];
  if (!pick || !(GUID.test(pick.tenantId) || /^[a-z0-9.-]+\.[a-z]{2,}$/i.test(pick.tenantId))) return undefined;
  return {
    provider: 'azure',
    source: `Azure CLI sign-in (${path})`,
    fields: { tenantId: pick.tenantId },
    hints: { tenantId: pick.tenantId, ...(pick.name ? { subscription: pick.name } : {}) },
  };
}
