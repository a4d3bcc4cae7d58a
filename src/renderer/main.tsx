import { createRoot } from 'react-dom/client';
import '@mantine/core/styles.css';
import '@mantine/charts/styles.css';
import { App } from './App';
import { createApi } from './api/select';
import { AppStore } from './state/store';
import { StoreProvider } from './state/context';

performance.mark('cloudtop:script-start');
const { api, connection, snapshotPushed } = createApi(window);
const store = new AppStore(api, connection, { snapshotPushed });
void store.load();

createRoot(document.getElementById('root')!).render(
  <StoreProvider value={store}>
    <App />
  </StoreProvider>,
);
