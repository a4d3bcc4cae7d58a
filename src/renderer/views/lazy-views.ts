/**
 * Only Offers is needed for the first paint. The other views (Resources and History with their charts, the forms of
 * Providers, Watches and Settings) are split into their own chunks: loaded on first visit, or
 * ahead of it by `preloadViews` in idle time, so switching views rarely waits for the network.
 */
import { lazy } from 'react';

const loadResources = () => import('./resources/ResourcesView');
const loadProviders = () => import('./providers/ProvidersView');
const loadWatches = () => import('./watches/WatchesView');
const loadSettings = () => import('./settings/SettingsView');
const loadHistory = () => import('./history/HistoryView');

export const ResourcesView = lazy(() => loadResources().then((m) => ({ default: m.ResourcesView })));
export const ProvidersView = lazy(() => loadProviders().then((m) => ({ default: m.ProvidersView })));
export const WatchesView = lazy(() => loadWatches().then((m) => ({ default: m.WatchesView })));
export const HistoryView = lazy(() => loadHistory().then((m) => ({ default: m.HistoryView })));
export const SettingsView = lazy(() => loadSettings().then((m) => ({ default: m.SettingsView })));

let preloading = false;

/**
 * Fetches and evaluates the other views' code, one chunk per idle period (evaluating a chunk is a
 * task of its own that a keystroke would otherwise wait behind). Once per page.
 */
export function preloadViews(): void {
  if (preloading) return;
  preloading = true;
  const queue = [loadWatches, loadProviders, loadSettings, loadResources, loadHistory];
  const next = () => {
    const load = queue.shift();
    if (!load) return;
    const run = () => void load().then(next, next);
    if (typeof requestIdleCallback === 'function') requestIdleCallback(run, { timeout: 5000 });
    else setTimeout(run, 50);
  };
  next();
}
