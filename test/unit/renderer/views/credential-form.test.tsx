// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { CredentialForm } from '../../../../src/renderer/views/providers/CredentialForm';
import { AppStore } from '../../../../src/renderer/state/store';
import type { CloudtopApi } from '../../../../src/shared/ipc/contract';
import { FAKE_PROVIDERS, FakeCore } from '../../../helpers/fake-core';
import { renderWithStore } from '../render';

const SECRET = 'sk-UNIT-PLANTED-9f8e7d6c5b4a';

function setup() {
  const core = new FakeCore({ offers: 0 });
  const sent: { channel: string; request: unknown }[] = [];
  const api: CloudtopApi = {
    invoke: async (channel, request) => {
      sent.push({ channel, request });
      const r = request as { provider: 'vastai'; account: string; values?: Record<string, string> };
      if (channel === 'credentials.status') return (await core.credentials.status(r.provider, r.account)) as never;
      if (channel === 'credentials.set') return (await core.credentials.set(r.provider, r.account, r.values!)) as never;
      if (channel === 'credentials.test')
        return (await core.credentials.test(r.provider, r.account, r.values)) as never;
      if (channel === 'refresh') return { version: 2 } as never;
      throw new Error(`unexpected ${channel}`);
    },
    on: () => () => undefined,
  };
  const store = new AppStore(api);
  renderWithStore(<CredentialForm provider={FAKE_PROVIDERS[0]!} />, store);
  return { core, sent };
}

afterEach(cleanup);

describe('CredentialForm', () => {
  it('saves through credentials.set, clears the input and shows only the hint', async () => {
    const { core, sent } = setup();
    const user = userEvent.setup();
    const input = await screen.findByLabelText(/API key/);
    await user.type(input, SECRET);
    await user.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('Saved to the keychain.');
    expect(core.secrets.get('vastai/default')).toEqual({ apiKey: SECRET });
    expect(sent.find((s) => s.channel === 'credentials.set')?.request).toEqual({
      provider: 'vastai',
      account: 'default',
      values: { apiKey: SECRET },
    });
    await waitFor(() => expect((screen.getByLabelText(/API key/) as HTMLInputElement).value).toBe(''));
    expect(document.body.innerHTML).not.toContain(SECRET);
    expect(screen.getByText(/Set \(…5b4a\), saved in the keychain/)).toBeTruthy();
  });

  it('refuses to save an empty form and shows what failed a connection test', async () => {
    const { sent } = setup();
    const user = userEvent.setup();
    await user.click(await screen.findByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Required')).toBeTruthy();
    expect(sent.some((s) => s.channel === 'credentials.set')).toBe(false);
    await user.type(screen.getByLabelText(/API key/), 'bad-key');
    await user.click(screen.getByRole('button', { name: 'Test connection' }));
    expect(await screen.findByText('Connection test failed')).toBeTruthy();
    expect(screen.getByText(/rejected the credentials/)).toBeTruthy();
  });
});
