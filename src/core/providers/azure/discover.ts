/**
 * Credential discovery from the environment the Azure SDKs and CLI use for a service principal
 * (`AZURE_TENANT_ID`, `AZURE_CLIENT_ID`, `AZURE_CLIENT_SECRET`, optional `AZURE_SUBSCRIPTION_ID`).
 * Pure: it only reports candidates; `cloudtop auth import` asks before anything is saved.
 */
import { secretHint, type CredentialCandidate } from '../cloudflare/discover';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function discover(env: Readonly<Record<string, string | undefined>>): CredentialCandidate[] {
  const tenantId = env.AZURE_TENANT_ID?.trim();
  const clientId = env.AZURE_CLIENT_ID?.trim();
  const clientSecret = env.AZURE_CLIENT_SECRET?.trim();
  if (!tenantId || !clientId || !clientSecret || !GUID.test(clientId)) return [];
  const fields: Record<string, string> = { tenantId, clientId, clientSecret };
  const hints: Record<string, string> = { tenantId, clientId, clientSecret: secretHint(clientSecret) };
  const names = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET'];
  const sub = env.AZURE_SUBSCRIPTION_ID?.trim();
  if (sub && GUID.test(sub)) {
    fields.subscriptionId = sub;
    hints.subscriptionId = sub;
    names.push('AZURE_SUBSCRIPTION_ID');
  }
  return [{ provider: 'azure', source: `environment variables ${names.join(', ')}`, fields, hints }];
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
