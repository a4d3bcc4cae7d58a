/** Renders `cloudtop top`'s App over a FakeCore with ink-testing-library, at a fixed terminal size. */
import { render } from 'ink-testing-library';
import { useEffect } from 'react';
import { vi } from 'vitest';
import { App } from '../../../src/node/tui/ui/App';
import { LookContext } from '../../../src/node/tui/ui/context';
import { ASCII_GLYPHS, UNICODE_GLYPHS } from '../../../src/node/tui/glyphs';
import { SessionPriceHistory } from '../../../src/node/tui/price-history';
import { TopStore } from '../../../src/node/tui/store';
import { FakeCore } from '../../helpers/fake-core';

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** Renders nothing; tells when ink unmounts the tree (q, Ctrl+C). */
function UnmountProbe({ onUnmount }: { onUnmount: () => void }) {
  useEffect(() => onUnmount, [onUnmount]);
  return null;
}

export interface SetupOptions {
  offers?: number;
  columns?: number;
  rows?: number;
  color?: boolean;
  ascii?: boolean;
  bell?: boolean;
}

export function setup(o: SetupOptions = {}) {
  const core = new FakeCore({ offers: o.offers ?? 200, now: () => Date.now() });
  const history = new SessionPriceHistory();
  const bell = vi.fn();
  const store = new TopStore({ core, history, bell: o.bell === false ? undefined : bell });
  store.start();
  const look = { glyphs: o.ascii ? ASCII_GLYPHS : UNICODE_GLYPHS, color: o.color ?? true };
  const state = { unmounted: false };
  const onUnmount = () => {
    state.unmounted = true;
  };
  const r = render(
    <LookContext.Provider value={look}>
      <UnmountProbe onUnmount={onUnmount} />
      <App
        store={store}
        history={history}
        version="9.9.9"
        bell={o.bell !== false}
        size={{ columns: o.columns ?? 80, rows: o.rows ?? 24 }}
      />
    </LookContext.Provider>,
  );
  const frame = (): string => (r.lastFrame() ?? '').replace(ANSI, '');
  /** Presses keys one write at a time, as a terminal sends them. */
  const press = async (...keys: string[]): Promise<void> => {
    for (const k of keys) {
      r.stdin.write(k);
      // Let React commit the key's update before the next one arrives.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  return { core, store, history, bell, frame, press, state, ...r };
}

export const KEY = {
  tab: '\t',
  enter: '\r',
  escape: '\x1b',
  down: '\x1b[B',
  up: '\x1b[A',
  backspace: '\x7f',
};
