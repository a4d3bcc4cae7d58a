/**
 * OCI credentials: either cloudtop's own fields, or a profile of the standard `~/.oci/config`
 * (what OCI users already have). Explicit fields win over the profile's values, so a profile can be
 * reused with another region or compartment.
 */
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import type { CredentialFieldInfo } from '../../../shared/model';
import { CloudtopError } from '../../../shared/model';
import type { OciAuth } from './client';
import { DEFAULT_OCI_CONFIG_PATH, DEFAULT_OCI_PROFILE, loadOciConfigProfile, type OciConfigFs } from './config-file';

export const ociCredentialFields: CredentialFieldInfo[] = [
  {
    name: 'tenancy',
    label: 'Tenancy OCID',
    secret: false,
    optional: true,
    help: 'ocid1.tenancy.oc1..… (Profile → Tenancy). Not needed with a config profile.',
  },
  {
    name: 'user',
    label: 'User OCID',
    secret: false,
    optional: true,
    help: 'ocid1.user.oc1..… (Profile → My profile). Not needed with a config profile.',
  },
  {
    name: 'fingerprint',
    label: 'API key fingerprint',
    secret: false,
    optional: true,
    help: 'aa:bb:…, shown next to the API key uploaded to the user.',
  },
  {
    name: 'privateKey',
    label: 'API private key (PEM)',
    secret: true,
    optional: true,
    multiline: true,
    help: 'The private key whose public key is uploaded to the user. Stored in the keychain.',
  },
  {
    name: 'passphrase',
    label: 'Private key passphrase',
    secret: true,
    optional: true,
    help: 'Only for an encrypted private key.',
  },
  { name: 'region', label: 'Region', secret: false, optional: true, help: 'Region identifier such as us-ashburn-1.' },
  {
    name: 'compartment',
    label: 'Compartment OCID(s)',
    secret: false,
    optional: true,
    help: 'Where to list instances; comma-separated for several. Default: the tenancy (root compartment).',
  },
  {
    name: 'configFile',
    label: 'OCI config file',
    secret: false,
    optional: true,
    help: `Use a profile of an OCI CLI config file instead of the fields above (default ${DEFAULT_OCI_CONFIG_PATH}).`,
  },
  {
    name: 'profile',
    label: 'Config profile',
    secret: false,
    optional: true,
    help: `Profile name in the config file (default ${DEFAULT_OCI_PROFILE}).`,
  },
];

const blankToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const opt = (s: z.ZodString) => z.preprocess(blankToUndefined, s.optional());

export const OCI_OCID = {
  // ocid1.<type>.<realm>.[region][.future use].<unique id>
  tenancy: /^ocid1\.tenancy\.[a-z0-9-]+\.[a-z0-9.-]*[a-z0-9]$/i,
  user: /^ocid1\.user\.[a-z0-9-]+\.[a-z0-9.-]*[a-z0-9]$/i,
  compartment: /^ocid1\.(compartment|tenancy)\.[a-z0-9-]+\.[a-z0-9.-]*[a-z0-9]$/i,
};
const FINGERPRINT = /^([0-9a-f]{2}:){15}[0-9a-f]{2}$/i;
const PEM = /-----BEGIN [A-Z ]*PRIVATE KEY-----/;

export const ociCredentialSchema = lazySchema(() =>
  z
    .object({
      tenancy: opt(z.string().trim().regex(OCI_OCID.tenancy, 'tenancy must be a tenancy OCID (ocid1.tenancy.oc1..…)')),
      user: opt(z.string().trim().regex(OCI_OCID.user, 'user must be a user OCID (ocid1.user.oc1..…)')),
      fingerprint: opt(z.string().trim().regex(FINGERPRINT, 'fingerprint must look like 12:34:…:ef (16 hex pairs)')),
      privateKey: opt(z.string().regex(PEM, 'privateKey must be a PEM private key (-----BEGIN … PRIVATE KEY-----)')),
      passphrase: z.preprocess(blankToUndefined, z.string().optional()),
      region: opt(
        z
          .string()
          .trim()
          .regex(/^[a-z]{2,}(-[a-z0-9]+)+-\d+$/, 'region must be a region identifier such as us-ashburn-1'),
      ),
      compartment: opt(
        z
          .string()
          .trim()
          .refine(
            (v) => v.split(',').every((c) => OCI_OCID.compartment.test(c.trim())),
            'compartment must be compartment OCIDs (ocid1.compartment.oc1..…), comma-separated',
          ),
      ),
      configFile: opt(z.string().trim()),
      profile: opt(z.string().trim()),
    })
    .superRefine((c, ctx) => {
      if (c.configFile || c.profile) return;
      for (const k of ['tenancy', 'user', 'fingerprint', 'privateKey', 'region'] as const) {
        if (!c[k])
          ctx.addIssue({
            code: 'custom',
            path: [k],
            message: `${k} is required (or set configFile/profile to use ~/.oci/config)`,
          });
      }
    }),
);

export type OciCredentials = z.infer<typeof ociCredentialSchema>;

export interface ResolvedOciCredentials {
  auth: OciAuth;
  /** Where instances are listed (at least one). */
  compartments: string[];
  /** Where the values came from, for test-connection text. */
  source: 'fields' | `profile ${string}`;
}

/** A PEM pasted into an env var often arrives with literal "\n". */
export function normalizePem(pem: string): string {
  const s = pem.trim();
  return !s.includes('\n') && s.includes('\\n') ? s.replace(/\\n/g, '\n') : s;
}

export async function resolveOciCredentials(c: OciCredentials, fs?: OciConfigFs): Promise<ResolvedOciCredentials> {
  let base: Partial<OciAuth> = {};
  let source: ResolvedOciCredentials['source'] = 'fields';
  if (c.configFile || c.profile) {
    const p = await loadOciConfigProfile({ configFile: c.configFile, profile: c.profile }, fs);
    base = p;
    source = `profile ${p.profile}`;
  }
  const auth = {
    tenancy: c.tenancy ?? base.tenancy,
    user: c.user ?? base.user,
    fingerprint: c.fingerprint ?? base.fingerprint,
    privateKey: c.privateKey ?? base.privateKey,
    passphrase: c.passphrase ?? base.passphrase,
    region: c.region ?? base.region,
  };
  const missing = (['tenancy', 'user', 'fingerprint', 'privateKey', 'region'] as const).filter((k) => !auth[k]);
  if (missing.length) {
    throw new CloudtopError('config', `OCI credentials are missing: ${missing.join(', ')}`, {
      provider: 'oci',
      hint: 'Fill them in, or use an OCI config profile.',
    });
  }
  const compartments = c.compartment
    ? c.compartment
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : [auth.tenancy!];
  return {
    auth: {
      ...(auth as Required<Omit<OciAuth, 'passphrase'>>),
      passphrase: auth.passphrase,
      privateKey: normalizePem(auth.privateKey!),
    },
    compartments,
    source,
  };
}
