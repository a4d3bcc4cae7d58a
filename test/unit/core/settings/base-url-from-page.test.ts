/**
 * Issue #11 §3: base URLs set from the app (settings.update over IPC or the serve WebSocket, both of
 * which validate with SettingsPatchSchema and call core.settings.update) are https or loopback only,
 * and changing one needs a confirmation that says where the credentials will go.
 */
import { describe, expect, it } from 'vitest';
import { createCore } from '../../../../src/core/create-core';
import { MemorySecretStore } from '../../../../src/core/secrets/memory-store';
import { InMemorySettingsStore } from '../../../../src/core/settings/memory-store';
import { invokeChannels } from '../../../../src/shared/ipc/contract';
import { SettingsPatchSchema } from '../../../../src/shared/settings/schema';
import { CloudtopError } from '../../../../src/shared/model';

describe('base URL from the page', () => {
  it('the patch schema (what IPC and the WebSocket check) refuses plain http to another host', () => {
    const bad = { providers: { vastai: { baseUrl: 'http://evil.example:8080' } } };
    expect(SettingsPatchSchema.safeParse(bad).success).toBe(false);
    expect(invokeChannels['settings.update'].request.safeParse(bad).success).toBe(false);
    for (const ok of ['https://proxy.example/v1', 'http://127.0.0.1:4010', 'http://localhost:9', 'http://[::1]:80'])
      expect(SettingsPatchSchema.safeParse({ providers: { vastai: { baseUrl: ok } } }).success, ok).toBe(true);
  });

  it('a change without confirmation is refused with a message naming where the keys would go', async () => {
    const settings = new InMemorySettingsStore({});
    const core = createCore({ settings, secrets: new MemorySecretStore([]), env: {}, only: ['vastai'] });
    try {
      let err: unknown;
      try {
        core.settings.update({ providers: { vastai: { baseUrl: 'https://proxy.example/v1' } } });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(CloudtopError);
      expect((err as CloudtopError).message).toContain('sends its credentials to https://proxy.example');
      expect(core.settings.view().settings.providers.vastai?.baseUrl).toBeUndefined();

      core.settings.update({
        providers: { vastai: { baseUrl: 'https://proxy.example/v1', confirmBaseUrl: 'https://proxy.example/v1' } },
      });
      expect(core.settings.view().settings.providers.vastai?.baseUrl).toBe('https://proxy.example/v1');
      // Other settings of the provider need no confirmation; repeating the same URL neither.
      core.settings.update({ providers: { vastai: { pollSeconds: 120, baseUrl: 'https://proxy.example/v1' } } });
    } finally {
      await core.stop();
    }
  });
});
