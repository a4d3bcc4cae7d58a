/**
 * Credential discovery for Google Cloud from what gcloud and the client libraries use: the file
 * named by `GOOGLE_APPLICATION_CREDENTIALS` (a service-account key), else the Application Default
 * Credentials file `gcloud auth application-default login` writes
 * (`$CLOUDSDK_CONFIG/application_default_credentials.json`, default `~/.config/gcloud`).
 * Pure: the caller reads the files; nothing is saved without the user's consent.
 */
import { secretHint, type CredentialCandidate } from '../kit';
import { CredentialsFileSchema } from './parse';

/** Where the credentials files would be, most specific first. */
export function credentialFilePaths(env: Readonly<Record<string, string | undefined>>, home: string): string[] {
  const out: string[] = [];
  const gac = env.GOOGLE_APPLICATION_CREDENTIALS?.trim();
  if (gac) out.push(gac);
  const configDir = env.CLOUDSDK_CONFIG?.trim() || `${home}/.config/gcloud`;
  out.push(`${configDir}/application_default_credentials.json`);
  return out;
}

/** A candidate from one file's text, or undefined when it is not a credentials file we can use. */
export function discoverFromFile(path: string, text: string): CredentialCandidate | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const r = CredentialsFileSchema.safeParse(raw);
  if (!r.success) return undefined;
  const f = r.data;
  const hints: Record<string, string> =
    f.type === 'service_account'
      ? { credentialsJson: `service account ${f.client_email}` }
      : { credentialsJson: `user credentials, refresh token ${secretHint(f.refresh_token)}` };
  const project = f.type === 'service_account' ? f.project_id : f.quota_project_id;
  if (project) hints.projectId = project;
  return { provider: 'gcp', source: path, fields: { credentialsJson: text.trim() }, hints };
}
