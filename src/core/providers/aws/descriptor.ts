/**
 * AWS as the registry sees it, without its client: id, credential fields and schema, options, limits.
 * The client, its parsing, the request signer and the credential chain load on first use (index.ts,
 * through lazyProvider in the registry).
 */
import * as z from 'zod';
import { lazySchema } from '../../../shared/model/lazy-schema';
import type { CredentialFieldInfo } from '../../../shared/model';
import { MB } from '../kit/response';
import { discoverFromEnv, type CredentialCandidate } from '../kit/discover';
import type { ProviderInfo } from '../lazy-provider';

export const PROVIDER = 'aws' as const;
export const DISPLAY_NAME = 'AWS';
export const CONSOLE_URL = 'https://console.aws.amazon.com';
/** Real endpoints; with a base URL override (a simulator, a proxy) every service goes to that URL. */
export const DEFAULT_BASE_URL = 'https://ec2.{region}.amazonaws.com';

/** GPU instance families cloudtop looks for (instance-type filter patterns `p5.*`, …). */
export const DEFAULT_GPU_FAMILIES = ['p4d', 'p4de', 'p5', 'p5e', 'p5en', 'p6-b200', 'g5', 'g6', 'g6e', 'g4dn'] as const;

export type AwsCredentials = {
  accessKeyId?: string;
  secretAccessKey?: string;
  sessionToken?: string;
  profile?: string;
};

const emptyToUndefined = (v: unknown): unknown => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const ACCESS_KEY = /^(AKIA|ASIA)[A-Z0-9]{12,124}$/;
const PROFILE = /^[A-Za-z0-9_.@+-]{1,64}$/;

export const awsCredentialSchema = lazySchema(() =>
  z
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
      message:
        'an access key needs both the access key ID and the secret access key (leave both empty to use a profile)',
      path: ['secretAccessKey'],
    })
    .refine((c) => Boolean(c.accessKeyId) || Boolean(c.profile), {
      message: 'give an access key, or the name of a profile from ~/.aws/config (`default` for the default chain)',
      path: ['profile'],
    }),
);

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

const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
/** Regions where the GPU families are offered most widely; `"all"` reads every enabled region. */
export const DEFAULT_REGIONS = ['us-east-1', 'us-east-2', 'us-west-2', 'eu-west-1'] as const;

/** `providers.aws.options` in cloudtop.json. */
export const AwsOptionsSchema = lazySchema(() =>
  z
    .object({
      regions: z
        .union([z.literal('all'), z.array(z.string().regex(REGION, 'a region code like us-east-1')).min(1).max(40)])
        .default([...DEFAULT_REGIONS]),
      /** Instance families to offer (`p5`, `g6e`, …). */
      families: z
        .array(z.string().regex(/^[a-z][a-z0-9-]*$/, 'a family like p5 or g6e'))
        .min(1)
        .default([...DEFAULT_GPU_FAMILIES]),
      /** Spot placement scores: one GetSpotPlacementScores call per instance type, cached for an hour. */
      spotPlacementScores: z.boolean().default(true),
      /** Capacity Block offerings of this length (hours, a multiple of 24 up to 182 days). */
      capacityBlockHours: z.number().int().min(24).max(4368).multipleOf(24).default(24),
    })
    .strict(),
);
export type AwsOptions = z.output<typeof AwsOptionsSchema>;

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

export const awsInfo: ProviderInfo<AwsCredentials> & { optionsSchema: typeof AwsOptionsSchema } = {
  id: PROVIDER,
  displayName: DISPLAY_NAME,
  kind: 'cloud',
  credentialFields: awsCredentialFields,
  credentialSchema: awsCredentialSchema as unknown as z.ZodType<AwsCredentials>,
  rateLimit: {
    documented:
      'EC2: token bucket per account and region, non-mutating actions 100 bucket / 20 per second refill (RequestLimitExceeded when over)',
    // Half of what the bucket allows over 10 s (100 + 10 × 20 = 300), in bursts of at most half the bucket.
    intervalMs: 10_000,
    intervalCap: 150,
    burst: { intervalMs: 1000, intervalCap: 50 },
  },
  defaultPollMs: 300_000,
  defaultMetricsPollMs: 300_000,
  capabilities: { offers: true, resources: true, metrics: true },
  consoleUrl: CONSOLE_URL,
  defaultBaseUrl: DEFAULT_BASE_URL,
  docsUrl: 'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/',
  note: 'On-demand capacity is not reported by EC2: on-demand offers are listed; spot offers carry the Spot placement score',
  timeoutMs: 20_000,
  // A GetProducts page is 100 products of ~10–30 KB each.
  response: { maxBytes: 8 * MB },
  optionsSchema: AwsOptionsSchema,
  discover,
};
