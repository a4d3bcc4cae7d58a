/**
 * Credential discovery with consent (issue #3 item 7): finds what the user's other tools already
 * hold — `~/.oci/config` profiles, `CLOUDFLARE_API_TOKEN`, `NEON_API_KEY` — and describes it. Nothing
 * is saved here; `cloudtop auth import` asks before importing each candidate.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { discoverAzureCli } from '../core/providers/azure/discover';
import { credentialFilePaths, discoverFromFile } from '../core/providers/gcp/discover';
import { parseOciConfig } from '../core/providers/oci/config-file';
import { providerRegistry } from '../core/providers/registry';
import type { ProviderId } from '../shared/model';

interface DiscoveredCredentials {
  provider: ProviderId;
  account: string;
  /** What was found, without secret values ("environment variable NEON_API_KEY (…4f2a)"). */
  description: string;
  values: Record<string, string>;
}

const OCI_REQUIRED = ['user', 'fingerprint', 'key_file', 'tenancy', 'region'];

/** OCI profile name → a cloudtop account name (profiles are case-insensitive words in INI files). */
function ociAccountName(profile: string): string {
  if (profile === 'DEFAULT') return 'default';
  const name = profile
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '-')
    .slice(0, 32);
  return /^[a-z0-9]/.test(name) ? name : `oci-${name}`.slice(0, 32);
}

export function discoverCredentials(
  env: Record<string, string | undefined>,
  home = os.homedir(),
): DiscoveredCredentials[] {
  const out: DiscoveredCredentials[] = [];
  // Google Cloud: the first credentials file that exists and parses (GOOGLE_APPLICATION_CREDENTIALS, then ADC).
  const gcp = credentialFilePaths(env, home)
    .map((file) => {
      try {
        return discoverFromFile(file, fs.readFileSync(file, 'utf8'));
      } catch {
        return undefined;
      }
    })
    .find((c) => c !== undefined);
  // Every provider with an environment `discover()` hook (kit/discover.ts; Azure: a service
  // principal from the SDK variables), then the file-based ones: the Azure CLI's sign-in when the
  // environment holds no service principal, and gcloud's credentials.
  const fromEnv = providerRegistry.flatMap((d) => d.discover?.(env) ?? []);
  let azure: typeof fromEnv = [];
  if (!fromEnv.some((c) => c.provider === 'azure')) {
    const profile = path.join(env.AZURE_CONFIG_DIR || path.join(home, '.azure'), 'azureProfile.json');
    try {
      const c = discoverAzureCli(profile, fs.readFileSync(profile, 'utf8'));
      if (c) azure = [c];
    } catch {
      // no Azure CLI profile
    }
  }
  // OCI's profiles follow.
  for (const c of [...fromEnv, ...azure, ...(gcp ? [gcp] : [])]) {
    const hints = Object.entries(c.hints)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    out.push({
      provider: c.provider,
      account: c.account ?? 'default',
      description: `${c.source} for ${c.provider} (${hints})`,
      values: c.fields,
    });
  }
  // OCI: point cloudtop at the profile instead of copying the private key; the OCI CLI keeps owning it.
  const configFile = env.OCI_CLI_CONFIG_FILE || env.OCI_CONFIG_FILE || path.join(home, '.oci', 'config');
  let text: string | undefined;
  try {
    text = fs.readFileSync(configFile, 'utf8');
  } catch {
    text = undefined;
  }
  if (text !== undefined) {
    let sections: Map<string, Record<string, string>> | undefined;
    try {
      sections = parseOciConfig(text);
    } catch {
      sections = undefined;
    }
    const defaults = sections?.get('DEFAULT') ?? {};
    for (const [profile, values] of sections ?? []) {
      const merged = { ...defaults, ...values };
      if (!OCI_REQUIRED.every((k) => merged[k])) continue;
      out.push({
        provider: 'oci',
        account: ociAccountName(profile),
        description: `OCI CLI profile [${profile}] in ${configFile} (tenancy …${merged.tenancy!.slice(-6)}, region ${merged.region})`,
        values: { configFile, profile },
      });
    }
  }
  return out;
}
