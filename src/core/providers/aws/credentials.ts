/**
 * AWS credentials: either an access key (+ secret, + session token for temporary keys) stored in
 * cloudtop, or a named profile resolved by the SDK's default chain (`@aws-sdk/credential-provider-node`:
 * environment, shared config/credentials files incl. SSO and `credential_process`, web identity,
 * container/instance metadata). One cloudtop account = one key or one profile.
 */
import { CloudtopError } from '../../../shared/model';
import { lazySdk } from '../lazy-sdk';
import { PROVIDER, type AwsCredentials } from './descriptor';

export { awsCredentialFields, awsCredentialSchema, discover, type AwsCredentials } from './descriptor';

type ChainModule = typeof import('@aws-sdk/credential-provider-node');
const chainSdk = lazySdk<ChainModule>('@aws-sdk/credential-provider-node');

export interface AwsKeys {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

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
