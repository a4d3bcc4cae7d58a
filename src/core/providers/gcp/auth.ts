/**
 * Google OAuth 2.0 access tokens without google-auth-library: the two documented grants an
 * Application Default Credentials file can carry.
 * - `service_account` key: a JWT signed RS256 with the key (node:crypto), exchanged with
 *   `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer` at the key's `token_uri`;
 * - `authorized_user` (`gcloud auth application-default login`): `grant_type=refresh_token`.
 * Read-only scopes, one per API, because each method accepts only its own list: Compute
 * (compute.readonly), Monitoring (monitoring.read), Billing Catalog (cloud-billing.readonly) and
 * Resource Manager (cloud-platform.read-only). Roles still decide what the account may read.
 */
import crypto from 'node:crypto';
import { CloudtopError } from '../../../shared/model';
import type { CredentialsFile } from './parse';
import { DEFAULT_TOKEN_URL, PROVIDER } from './descriptor';
import { CREDENTIALS_HINT, parseCredentialsJson } from './credentials-json';

export { DEFAULT_TOKEN_URL, CREDENTIALS_HINT, parseCredentialsJson };

export const READ_ONLY_SCOPE = [
  'https://www.googleapis.com/auth/compute.readonly',
  'https://www.googleapis.com/auth/monitoring.read',
  'https://www.googleapis.com/auth/cloud-billing.readonly',
  'https://www.googleapis.com/auth/cloud-platform.read-only',
].join(' ');
export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

const b64url = (b: Buffer | string): string => Buffer.from(b).toString('base64url');

/** The signed JWT assertion of the service-account grant (RFC 7523), valid for one hour. */
export function serviceAccountAssertion(
  key: { client_email: string; private_key: string; private_key_id?: string },
  audience: string,
  nowMs: number,
  scope = READ_ONLY_SCOPE,
): string {
  const iat = Math.floor(nowMs / 1000);
  const header = { alg: 'RS256', typ: 'JWT', ...(key.private_key_id ? { kid: key.private_key_id } : {}) };
  const claims = { iss: key.client_email, scope, aud: audience, iat, exp: iat + 3600 };
  const unsigned = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  let signature: Buffer;
  try {
    signature = crypto.sign('RSA-SHA256', Buffer.from(unsigned), key.private_key);
  } catch {
    throw new CloudtopError('config', 'Google Cloud service-account key: private_key is not a usable RSA key', {
      provider: PROVIDER,
      hint: 'Download a new JSON key for the service account (IAM & Admin → Service accounts → Keys).',
    });
  }
  return `${unsigned}.${b64url(signature)}`;
}

/** The token request (URL and form) for a credentials file. */
export function tokenRequest(
  creds: CredentialsFile,
  tokenUrlOverride: string | undefined,
  nowMs: number,
): { url: string; form: Record<string, string>; secrets: string[] } {
  if (creds.type === 'service_account') {
    const url = tokenUrlOverride || creds.token_uri || DEFAULT_TOKEN_URL;
    const assertion = serviceAccountAssertion(creds, url, nowMs);
    return { url, form: { grant_type: JWT_BEARER, assertion }, secrets: [assertion] };
  }
  return {
    url: tokenUrlOverride || DEFAULT_TOKEN_URL,
    form: {
      grant_type: 'refresh_token',
      client_id: creds.client_id,
      client_secret: creds.client_secret,
      refresh_token: creds.refresh_token,
    },
    secrets: [creds.client_secret, creds.refresh_token],
  };
}
