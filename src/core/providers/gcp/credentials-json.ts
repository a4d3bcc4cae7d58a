/**
 * The Google Cloud credentials JSON (service-account key or `authorized_user` file): checked by the
 * credential schema (descriptor.ts) and read by the token exchange (auth.ts). Kept apart from
 * auth.ts, whose signing loads node:crypto, so the registry does not load it.
 */
import { CloudtopError } from '../../../shared/model/errors';
import { CredentialsFileSchema, type CredentialsFile } from './parse';
import { PROVIDER } from './descriptor';

export const CREDENTIALS_HINT =
  'Save a service-account key (JSON) or your `gcloud auth application-default login` file with `cloudtop auth set gcp`, or set GOOGLE_APPLICATION_CREDENTIALS and import it';

/** Parses the credentials JSON; errors never quote it (it holds a private key or refresh token). */
export function parseCredentialsJson(text: string): CredentialsFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new CloudtopError('config', 'Google Cloud credentials are not valid JSON', {
      provider: PROVIDER,
      hint: CREDENTIALS_HINT,
    });
  }
  const r = CredentialsFileSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : 'type';
    throw new CloudtopError(
      'config',
      `Google Cloud credentials: "${where}" is missing or wrong (a service_account key or an authorized_user file is expected)`,
      { provider: PROVIDER, hint: CREDENTIALS_HINT },
    );
  }
  return r.data;
}
