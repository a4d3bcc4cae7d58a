import { z } from 'zod';
import { CloudtopError } from '../../../../src/shared/model';
import type { AnyProviderDescriptor } from '../../../../src/core/providers/types';
import type { SecretStore } from '../../../../src/core/secrets/types';
import { MemorySecretStore } from '../../../../src/core/secrets/memory-store';

/** A descriptor shaped like Cloudflare's: a secret token and an optional, non-secret account id. */
export const fakeDescriptor: AnyProviderDescriptor = {
  id: 'cloudflare',
  displayName: 'Cloudflare',
  kind: 'cloud',
  credentialFields: [
    { name: 'apiToken', label: 'API token', secret: true, optional: false },
    { name: 'accountId', label: 'Account ID', secret: false, optional: true },
    { name: 'privateKey', label: 'Private key', secret: true, optional: true, multiline: true },
  ],
  credentialSchema: z.object({
    apiToken: z.string().min(6, 'token too short'),
    accountId: z
      .string()
      .regex(/^[0-9a-f]{32}$/, 'account id is 32 hex characters')
      .optional(),
    privateKey: z.string().optional(),
  }),
  rateLimit: { documented: '1200 / 5 min', intervalMs: 1000, intervalCap: 2 },
  defaultPollMs: 60_000,
  capabilities: { offers: false, resources: true, metrics: false },
  consoleUrl: 'https://dash.cloudflare.com',
  defaultBaseUrl: 'https://api.cloudflare.com/client/v4',
  create() {
    throw new Error('not used');
  },
};

/** A keychain stand-in that fails like keytar without a Secret Service. */
export class UnavailableKeychain implements SecretStore {
  readonly kind = 'keychain' as const;
  calls = 0;
  private fail(): never {
    this.calls++;
    throw new CloudtopError(
      'keychain_unavailable',
      'No keychain available: Cannot autolaunch D-Bus without X11 $DISPLAY',
    );
  }
  async get(): Promise<string | undefined> {
    return this.fail();
  }
  async set(): Promise<void> {
    this.fail();
  }
  async delete(): Promise<boolean> {
    return this.fail();
  }
  async list(): Promise<never> {
    return this.fail();
  }
}

/** An in-memory store that reports itself as the keychain. */
export class FakeKeychain extends MemorySecretStore {
  override async locate(ref: Parameters<MemorySecretStore['get']>[0]) {
    const value = await this.get(ref);
    return value === undefined ? undefined : { value, source: 'keychain' as const };
  }
  override async list(provider?: Parameters<MemorySecretStore['list']>[0]) {
    return (await super.list(provider)).map((e) => ({ ...e, source: 'keychain' as const }));
  }
}
