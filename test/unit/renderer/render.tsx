/** Renders renderer components in jsdom with Mantine (test env: no transitions, no portals). */
import { MantineProvider } from '@mantine/core';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { StoreProvider } from '../../../src/renderer/state/context';
import type { AppStore } from '../../../src/renderer/state/store';

export function installDomShims(): void {
  // jsdom lacks these; Mantine reads them.
  window.matchMedia ??= ((query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    addListener: () => undefined,
    removeListener: () => undefined,
    dispatchEvent: () => false,
  })) as unknown as typeof window.matchMedia;
  globalThis.ResizeObserver ??= class {
    observe() {}
    unobserve() {}
    disconnect() {}
  } as unknown as typeof ResizeObserver;
}

export function renderWithStore(ui: ReactElement, store: AppStore) {
  installDomShims();
  return render(
    <StoreProvider value={store}>
      <MantineProvider env="test">{ui}</MantineProvider>
    </StoreProvider>,
  );
}
