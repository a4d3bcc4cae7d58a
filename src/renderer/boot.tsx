import { createRoot } from 'react-dom/client';
import '@mantine/core/styles.css';
import { App } from './App';
import type { EarlySocket } from './api/early-socket';
import { createApi } from './api/select';
import { AppStore } from './state/store';
import { StoreProvider } from './state/context';

/** Starts the app: the transport (adopting the entry's early socket), the store, the React tree. */
export function boot(early: EarlySocket | undefined): void {
  performance.mark('cloudtop:app-loaded');
  const { api, connection, snapshotPushed } = createApi(window, early);
  const store = new AppStore(api, connection, { snapshotPushed });
  void store.load();

  createRoot(document.getElementById('root')!).render(
    <StoreProvider value={store}>
      <App />
    </StoreProvider>,
  );
}
