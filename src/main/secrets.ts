/**
 * The desktop app's secret store: environment variables first, then the OS keychain (same entries as
 * the CLI). When there is no keychain (Linux without a Secret Service, a locked or broken one), the
 * app does what VS Code does (docs/reliability.md §2.2, B2): credentials entered in the window live in
 * memory for this session only, the user is told clearly, and nothing is ever written to disk.
 */
import { ChainSecretStore } from '../core/secrets/chain-store';
import { EnvSecretStore } from '../core/secrets/env-store';
import { probeKeychain, type KeychainProbe } from '../core/secrets/keytar-secret-store';
import type { SecretStore } from '../core/secrets/types';

export interface DesktopSecrets {
  store: ChainSecretStore;
  probe: KeychainProbe;
  /** Where credentials saved now go. */
  storage(): 'keychain' | 'session';
  /** Text for the user when there is no keychain; undefined when there is one. */
  notice(): string | undefined;
}

export function noKeychainNotice(probe: KeychainProbe): string {
  const why = probe.reason ? ` (${probe.reason})` : '';
  return (
    `No OS keychain is available${why}. Credentials you enter are kept in memory for this session only ` +
    `and are never written to disk; they are gone when cloudtop quits.` +
    (probe.hint ? ` ${probe.hint}` : '')
  );
}

export async function createDesktopSecrets(o: {
  env: Record<string, string | undefined>;
  keychain: SecretStore;
  /** Called once, when the first credential had to go to memory. */
  onSessionFallback?: (notice: string) => void;
}): Promise<DesktopSecrets> {
  const probe = await probeKeychain(o.keychain);
  let fellBackNotice: string | undefined;
  const store = new ChainSecretStore({
    env: new EnvSecretStore(o.env),
    keychain: o.keychain,
    sessionFallback: true,
    onSessionFallback: (reason) => {
      fellBackNotice = noKeychainNotice({ available: false, reason: reason.message, hint: reason.hint });
      o.onSessionFallback?.(fellBackNotice);
    },
  });
  return {
    store,
    probe,
    storage: () => (!probe.available || store.sessionOnly ? 'session' : 'keychain'),
    notice: () => fellBackNotice ?? (probe.available ? undefined : noKeychainNotice(probe)),
  };
}
