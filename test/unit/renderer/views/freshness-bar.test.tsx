// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, screen } from '@testing-library/react';
import { FreshnessBar } from '../../../../src/renderer/views/offers/FreshnessBar';
import { AppStore } from '../../../../src/renderer/state/store';
import type { ProviderStatus } from '../../../../src/shared/model';
import { FakeCore } from '../../../helpers/fake-core';
import { renderWithStore } from '../render';

afterEach(cleanup);

const now = Date.parse('2026-01-01T12:00:00.000Z');

describe('FreshnessBar', () => {
  it('says "fetching…" (not "never", not green) until a provider has delivered once', () => {
    const base = new FakeCore({ offers: 4 }).snapshot().providers[0]!;
    const statuses: ProviderStatus[] = [
      { ...base, provider: 'vastai', displayName: 'Fresh', state: 'ok', lastSuccess: undefined, stale: false },
      {
        ...base,
        provider: 'runpod',
        displayName: 'Done',
        state: 'ok',
        lastSuccess: new Date(now - 120_000).toISOString(),
        stale: false,
      },
      { ...base, provider: 'lambda', displayName: 'Broken', state: 'error', lastSuccess: undefined, stale: false },
    ];
    const store = new AppStore({ invoke: () => new Promise(() => undefined), on: () => () => undefined });
    renderWithStore(<FreshnessBar statuses={statuses} now={now} />, store);
    const chip = (name: string) => screen.getByText(name).closest('[data-provider]')!;
    expect(chip('Fresh').textContent).toBe('Fresh fetching…');
    expect(chip('Fresh').getAttribute('style')).toContain('gray');
    expect(chip('Done').getAttribute('style')).toContain('teal');
    expect(chip('Done').textContent).toBe('Done 2 min ago');
    expect(chip('Broken').textContent).toBe('Broken never · error');
  });
});
