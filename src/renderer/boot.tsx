import './zod-jitless';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import './theme/first-paint-styles';
import './theme/theme-vars.css';
import { App } from './App';
import type { EarlySocket } from './api/early-socket';
import { createApi } from './api/select';
import { AppStore } from './state/store';
import { StoreProvider } from './state/context';

const FILTERS_OPEN_MIN_WIDTH = 1280;

/**
 * Starts the app: the transport (adopting the entry's early socket), the store, the React tree.
 * `styled` settles once the app's CSS is applied (main.tsx).
 */
export function boot(early: EarlySocket | undefined, styled: Promise<unknown> = Promise.resolve()): void {
  performance.mark('cloudtop:app-loaded');
  const { api, connection, preview } = createApi(window, early);
  // The filter panel takes 240 px: below this width the table would scroll sideways beside it, so
  // the Offers view opens without it ("Show filters" brings it back).
  const showFilters = window.matchMedia(`(min-width: ${FILTERS_OPEN_MIN_WIDTH}px)`).matches;
  const store = new AppStore(api, connection, { preview, showFilters });
  void store.load();

  // Mount when the data is in (the page is blank a moment longer, the offers show sooner); a slow
  // server gets the app's "Connecting…" frame after 300 ms. The mount is synchronous (flushSync),
  // in the task that brought the data: not one more task to wait for on a busy page.
  void Promise.all([store.whenReady(300), styled]).then(() => {
    const root = createRoot(document.getElementById('root')!);
    flushSync(() =>
      root.render(
        <StoreProvider value={store}>
          <App />
        </StoreProvider>,
      ),
    );
    // Browser mode painted from the snapshot preview: now the full snapshot (10,000 offers take
    // ~60 ms to take in), in a task after the frame that shows the offers, not before it.
    requestAnimationFrame(() => setTimeout(() => void store.startSnapshots().catch(() => undefined)));
  });
}
