/**
 * A core for one provider over a simulator fleet, with the credentials the simulator accepts in
 * memory and nothing else configured: for tests of what the core itself does with a real client.
 */
import { createCore } from '../../src/core/create-core';
import { MemorySecretStore } from '../../src/core/secrets/memory-store';
import { InMemorySettingsStore } from '../../src/core/settings/memory-store';
import type { SimFleet } from '../../src/sim/launch';
import type { ProviderId } from '../../src/shared/model';

export function coreOverSim(fleet: SimFleet, provider: ProviderId) {
  return createCore({
    settings: new InMemorySettingsStore({}),
    secrets: new MemorySecretStore(
      Object.entries(fleet.credentials[provider] ?? {}).map(([field, value]) => ({
        provider,
        profile: 'default',
        field,
        value,
      })),
    ),
    env: fleet.env,
    only: [provider],
  });
}
