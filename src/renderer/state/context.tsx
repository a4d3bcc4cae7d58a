import { createContext, useCallback, useContext, useSyncExternalStore } from 'react';
import type { AppState, AppStore } from './store';

const StoreContext = createContext<AppStore | null>(null);

export const StoreProvider = StoreContext.Provider;

export function useStore(): AppStore {
  const s = useContext(StoreContext);
  if (!s) throw new Error('useStore outside <StoreProvider>');
  return s;
}

/** Subscribes to one slice: the component re-renders only when that slice changes (by identity). */
export function useAppState<T>(selector: (s: AppState) => T): T {
  const store = useStore();
  const get = useCallback(() => selector(store.getState()), [store, selector]);
  return useSyncExternalStore(store.subscribe, get, get);
}
