import type { ProviderId } from '../../shared/model';
import { secretAccount, type LocatedSecret, type SecretEntry, type SecretRef, type SecretStore } from './types';

/**
 * Secrets in process memory only: for tests, and as the visible session-only fallback when no
 * keychain exists (the values are gone when the process exits; the UI says so).
 */
export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory' as const;
  private readonly values = new Map<string, { ref: SecretRef; value: string }>();

  constructor(initial: Array<SecretRef & { value: string }> = []) {
    for (const { value, ...ref } of initial) this.values.set(secretAccount(ref), { ref, value });
  }

  async get(ref: SecretRef): Promise<string | undefined> {
    return this.values.get(secretAccount(ref))?.value;
  }

  async locate(ref: SecretRef): Promise<LocatedSecret | undefined> {
    const value = await this.get(ref);
    return value === undefined ? undefined : { value, source: 'session' };
  }

  async set(ref: SecretRef, value: string): Promise<void> {
    const { provider, profile, field } = ref;
    this.values.set(secretAccount(ref), { ref: { provider, profile, field }, value });
  }

  async delete(ref: SecretRef): Promise<boolean> {
    return this.values.delete(secretAccount(ref));
  }

  async list(provider?: ProviderId): Promise<SecretEntry[]> {
    return [...this.values.values()]
      .filter(({ ref }) => !provider || ref.provider === provider)
      .map(({ ref }) => ({ ...ref, source: 'session' as const }))
      .sort((a, b) => secretAccount(a).localeCompare(secretAccount(b)));
  }
}
