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
