/**
 * Account plan (src/core/compose/account-plan.ts): what each account runs with. Production resolves
 * base URLs through the same validated `resolveBaseUrl` the config tests cover, so a malformed
 * CLOUDTOP_<ID>_BASE_URL is a config error on that account, not a poll against a broken URL.
 */
import { describe, expect, it } from 'vitest';
import { accountPlan } from '../../../../src/core/compose/account-plan';
import { createCore } from '../../../../src/core/create-core';
import { providerRegistry } from '../../../../src/core/providers/registry';
import { MemorySecretStore } from '../../../../src/core/secrets/memory-store';
import { InMemorySettingsStore } from '../../../../src/core/settings/memory-store';

const vastai = providerRegistry.find((d) => d.id === 'vastai')!;

describe('accountPlan', () => {
  const settings = new InMemorySettingsStore({});

  it('base URL: environment, then cloudtop.json, then settings, then the default; trailing slash dropped', () => {
    const config = { providers: { vastai: { baseUrl: 'https://config.example/' } } };
    const env = { CLOUDTOP_VASTAI_BASE_URL: 'http://127.0.0.1:4010/' };
    expect(accountPlan({ settings: () => settings.load(), config, env }).baseUrl(vastai)).toBe('http://127.0.0.1:4010');
    expect(accountPlan({ settings: () => settings.load(), config, env: {} }).baseUrl(vastai)).toBe(
      'https://config.example',
    );
    expect(accountPlan({ settings: () => settings.load(), env: {} }).baseUrl(vastai)).toBe(vastai.defaultBaseUrl);
  });

  it('poll interval and enabled: cloudtop.json wins over settings', () => {
    const s = { ...settings.load(), providers: { vastai: { enabled: true, profiles: ['default'], pollSeconds: 300 } } };
    const config = { providers: { vastai: { enabled: false, pollSeconds: 60 } } };
    const plan = accountPlan({ settings: () => s as never, config, env: {} });
    expect(plan.pollMs(vastai)).toBe(60_000);
    expect(plan.enabled(vastai)).toBe(false);
    expect(accountPlan({ settings: () => s as never, env: {} }).pollMs(vastai)).toBe(300_000);
  });

  it('a malformed base URL in the environment becomes a config error in that account status', async () => {
    const core = createCore({
      settings: new InMemorySettingsStore({}),
      secrets: new MemorySecretStore([]),
      env: { CLOUDTOP_VASTAI_BASE_URL: 'localhost:4010' },
      only: ['vastai'],
    });
    try {
      await core.configuredProviders();
      const status = core.snapshot().providers.find((p) => p.provider === 'vastai');
      expect(status?.state).toBe('error');
      expect(status?.error?.code).toBe('config');
      expect(status?.error?.message).toContain('CLOUDTOP_VASTAI_BASE_URL is not an http(s) URL');
    } finally {
      await core.stop();
    }
  });
});
