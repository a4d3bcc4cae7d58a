/**
 * AWS credentials: either an access key (+ secret, + session token for temporary keys) stored in
 * cloudtop, or a named profile resolved by the SDK's default chain (`@aws-sdk/credential-provider-node`:
 * environment, shared config/credentials files incl. SSO and `credential_process`, web identity,
 * container/instance metadata). One cloudtop account = one key or one profile.
 */
import { z } from 'zod';
import { CloudtopError, type CredentialFieldInfo } from '../../../shared/model';
import { discoverFromEnv, type CredentialCandidate } from '../kit';
import { lazySdk } from '../lazy-sdk';
import { PROVIDER } from './parse';

type ChainModule = typeof import('@aws-sdk/credential-provider-node');
const chainSdk = lazySdk<ChainModule>('@aws-sdk/credential-provider-node');

export type AwsCredentials = {
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  profile?: string;
};

export interface AwsKeys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

const emptyToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const ACCESS_KEY = /^(AKIA|ASIA)[A-Z0-9]{12,124}$/;
const PROFILE = /^[A-Za-z0-9_.@+-]{1,64}$/;

export const awsCredentialSchema = z
  .object({
    accessKeyId: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .trim()
        .regex(ACCESS_KEY, 'an access key ID is AKIA or ASIA followed by 16 capital letters and digits')
        .optional(),
    ),
    secretAccessKey: z.preprocess(
      emptyToUndefined,
      z.string().trim().min(16, 'the secret access key is 40 characters').optional(),
    ),
    sessionToken: z.preprocess(emptyToUndefined, z.string().trim().min(16).optional()),
    profile: z.preprocess(
      emptyToUndefined,
      z.string().trim().regex(PROFILE, 'a profile name as in ~/.aws/config (`[profile NAME]`)').optional(),
    ),
  })
  .refine((c) => Boolean(c.accessKeyId) === Boolean(c.secretAccessKey), {
    message: 'an access key needs both the access key ID and the secret access key (leave both empty to use a profile)',
    path: ['secretAccessKey'],
  })
  .refine((c) => Boolean(c.accessKeyId) || Boolean(c.profile), {
    message: 'give an access key, or the name of a profile from ~/.aws/config (`default` for the default chain)',
    path: ['profile'],
  });

export const awsCredentialFields: CredentialFieldInfo[] = [
  {
    name: 'profile',
    label: 'Profile',
    secret: false,
    optional: true,
    help: 'A profile from ~/.aws/config or ~/.aws/credentials (SSO profiles work after `aws sso login --profile NAME`). `default` uses the SDK default chain (AWS_* variables, then the default profile). Leave empty when you give an access key.',
  },
  {
    name: 'accessKeyId',
    label: 'Access key ID',
    secret: false,
    optional: true,
    help: 'AKIA… (an IAM user) or ASIA… (temporary, with a session token); give it the read-only policy in docs/aws.md.',
  },
  {
    name: 'secretAccessKey',
    label: 'Secret access key',
    secret: true,
    optional: true,
    help: 'The 40-character secret of that key.',
  },
  {
    name: 'sessionToken',
    label: 'Session token',
    secret: true,
    optional: true,
    help: 'Only for temporary (ASIA…) keys.',
  },
];

/** Where the request signer gets keys: stored keys, or the SDK chain for a profile (it caches and refreshes). */
export interface AwsCredentialSource {
  /** "access key AKIA…MPLE" / "profile dev" — never secret material. */
  describe: string;
  keys(): Promise<AwsKeys>;
}

export function credentialSource(c: AwsCredentials): AwsCredentialSource {
  if (c.accessKeyId && c.secretAccessKey) {
    const keys: AwsKeys = {
      accessKeyId: c.accessKeyId,
      secretAccessKey: c.secretAccessKey,
      ...(c.sessionToken ? { sessionToken: c.sessionToken } : {}),
    };
    return {
      describe: `access key ${c.accessKeyId.slice(0, 4)}…${c.accessKeyId.slice(-4)}`,
      keys: () => Promise.resolve(keys),
    };
  }
  const profile = c.profile ?? 'default';
  let provider: (() => Promise<AwsKeys>) | undefined;
  return {
    describe: `profile ${profile}`,
    async keys() {
      // The default chain honours AWS_PROFILE itself; a named profile other than `default` is asked for explicitly.
      provider ??= chainSdk().defaultProvider(profile === 'default' ? {} : { profile });
      try {
        return await provider();
      } catch (e) {
        provider = undefined;
        const why =
          e instanceof Error && e.name === 'CredentialsProviderError'
            ? 'no credentials found'
            : 'the credential chain failed';
        throw new CloudtopError('auth', `AWS: ${why} for profile "${profile}"`, {
          provider: PROVIDER,
          hint:
            profile === 'default'
              ? 'Set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, run `aws configure`, or name a profile (for SSO run `aws sso login --profile NAME` first)'
              : `Check [profile ${profile}] in ~/.aws/config; for an SSO profile run \`aws sso login --profile ${profile}\``,
        });
      }
    },
  };
}

/** The AWS CLI/SDK variables: an access key (+ session token), else AWS_PROFILE. */
export function discover(env: Readonly<Record<string, string | undefined>>): CredentialCandidate[] {
  const keys = discoverFromEnv(
    PROVIDER,
    [
      { field: 'accessKeyId', env: 'AWS_ACCESS_KEY_ID', pattern: ACCESS_KEY, secret: false },
      { field: 'secretAccessKey', env: 'AWS_SECRET_ACCESS_KEY', pattern: /^\S{16,}$/, secret: true },
      { field: 'sessionToken', env: 'AWS_SESSION_TOKEN', pattern: /^\S{16,}$/, secret: true },
    ],
    env,
  ).filter((c) => c.fields.secretAccessKey);
  if (keys.length) return keys;
  return discoverFromEnv(PROVIDER, [{ field: 'profile', env: 'AWS_PROFILE', pattern: PROFILE, secret: false }], env);
}
