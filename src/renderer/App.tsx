import { Suspense, useEffect } from 'react';
import {
  Alert,
  Badge,
  Box,
  Button,
  Group,
  Kbd,
  Loader,
  MantineProvider,
  Stack,
  Tabs,
  Text,
  Title,
  type MantineColorSchemeManager,
} from '@mantine/core';
import { useColorScheme } from '@mantine/hooks';
import { useAppState, useStore } from './state/context';
import { VIEWS, type ViewId } from './state/store';
import { OffersView } from './views/offers/OffersView';
import { HistoryView, ProvidersView, ResourcesView, SettingsView, WatchesView, preloadViews } from './views/lazy-views';
import { showAlertNotification } from './lib/web-notifications';
import { ViewBoundary } from './components/ViewBoundary';
import { providerNamesFrom } from '../shared/format';
import { useShortcuts } from './lib/use-shortcuts';
import { theme } from './theme/theme';

/**
 * The colour scheme comes from our settings (`forceColorScheme`), so Mantine has nothing to keep:
 * its default manager reads localStorage on startup, and the first localStorage access in a page is
 * a synchronous disk read (~13 ms in the UI bench) on the way to the first paint.
 */
const NO_STORED_SCHEME: MantineColorSchemeManager = {
  get: (defaultValue) => defaultValue,
  set: () => undefined,
  subscribe: () => undefined,
  unsubscribe: () => undefined,
  clear: () => undefined,
};

function Loading() {
  return (
    <Stack align="center" mt="xl">
      <Loader aria-label="Loading" />
    </Stack>
  );
}

const LABELS: Record<ViewId, string> = {
  offers: 'Offers',
  resources: 'Resources',
  providers: 'Providers',
  watches: 'Watches',
  settings: 'Settings',
  history: 'History',
};

export function App() {
  const setting = useAppState((s) => s.settings?.settings.theme ?? 'auto');
  const system = useColorScheme('light');
  const scheme = setting === 'auto' ? system : setting;
  return (
    <MantineProvider
      theme={theme}
      forceColorScheme={scheme}
      colorSchemeManager={NO_STORED_SCHEME}
      // The theme's CSS variables are generated at build time (theme/theme-vars.css, imported by boot).
      withCssVariables={false}
    >
      <Shell />
    </MantineProvider>
  );
}

function Shell() {
  const store = useStore();
  const view = useAppState((s) => s.view);
  const info = useAppState((s) => s.appInfo);
  const demo = useAppState((s) => (s.snapshot ?? s.preview)?.demo === true || s.appInfo?.demo === true);
  const loadError = useAppState((s) => s.loadError);
  const hasSnapshot = useAppState((s) => s.snapshot !== undefined);
  const connection = useAppState((s) => s.connection);
  const refreshing = useAppState((s) => s.refreshing);

  // Browser mode: the page turns alerts into Web Notifications (desktop: main does it natively).
  useEffect(() => {
    if (info?.mode !== 'browser') return;
    return store.onAlert((e) =>
      showAlertNotification(e, store.focusOffer, providerNamesFrom(store.getState().providers)),
    );
  }, [info?.mode, store]);

  // The other views' code: fetched a while after the offers are on screen (idle time), so a tab
  // switch does not wait for it and the first interactions do not wait behind it.
  useEffect(() => {
    if (!hasSnapshot) return;
    const t = setTimeout(preloadViews, 2000);
    return () => clearTimeout(t);
  }, [hasSnapshot]);

  useShortcuts({
    r: () => void store.refresh(),
    '/': () => {
      store.setView('offers');
      // The search box exists once the Offers panel has rendered.
      requestAnimationFrame(() => document.getElementById('offer-search')?.focus());
    },
    ...Object.fromEntries(VIEWS.map((v, i) => [String(i + 1), () => store.setView(v)])),
  });

  return (
    <Box h="100dvh" style={{ display: 'flex', flexDirection: 'column' }}>
      <Group
        component="header"
        justify="space-between"
        px="md"
        py={8}
        wrap="nowrap"
        style={{ borderBottom: '1px solid var(--mantine-color-default-border)' }}
      >
        <Group gap="sm" wrap="nowrap">
          <Title order={1} size="h4">
            cloudtop
          </Title>
          {demo && (
            <Badge color="grape.9" variant="filled" data-testid="demo-badge">
              Demo data
            </Badge>
          )}
          {connection !== 'open' && (
            <Badge color="orange" variant="light" role="status">
              {connection === 'connecting' ? 'Connecting…' : 'Disconnected: reconnecting…'}
            </Badge>
          )}
        </Group>
        <Group gap="xs" wrap="nowrap">
          <Text size="xs" c="dimmed" visibleFrom="sm">
            <Kbd size="xs">/</Kbd> search · <Kbd size="xs">r</Kbd> refresh · <Kbd size="xs">1</Kbd>–
            <Kbd size="xs">6</Kbd> views
          </Text>
          {/* A native title, not Mantine's Tooltip: the shortcut is shown next to it already, and
              the Tooltip's code (floating-ui) would be part of the first paint for this alone. */}
          <Button
            size="xs"
            variant="light"
            loading={refreshing}
            onClick={() => void store.refresh()}
            title="Refresh every provider now (r)"
            aria-keyshortcuts="r"
          >
            Refresh
          </Button>
        </Group>
      </Group>
      <Tabs
        value={view}
        onChange={(v) => v && store.setView(v as ViewId)}
        keepMounted={false}
        style={{ flex: 1, minHeight: 0, display: 'flex', flexDirection: 'column' }}
      >
        <Tabs.List px="md" aria-label="Views">
          {VIEWS.map((v) => (
            <Tabs.Tab key={v} value={v} data-testid={`tab-${v}`}>
              {LABELS[v]}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Box component="main" style={{ flex: 1, minHeight: 0, overflow: 'auto' }}>
          {loadError && !hasSnapshot ? (
            <Alert color="red" m="md" title="Cannot load data" role="alert">
              {loadError.message}
            </Alert>
          ) : (
            VIEWS.map((v) => (
              <Tabs.Panel key={v} value={v} h="100%">
                {/* Offers renders its frame while the snapshot is on its way (faster first paint). */}
                <ViewBoundary name={LABELS[v]}>
                  {v === 'offers' ? (
                    <OffersView />
                  ) : !hasSnapshot ? (
                    <Loading />
                  ) : (
                    <Suspense fallback={<Loading />}>
                      {v === 'resources' && <ResourcesView />}
                      {v === 'providers' && <ProvidersView />}
                      {v === 'watches' && <WatchesView />}
                      {v === 'settings' && <SettingsView />}
                      {v === 'history' && <HistoryView />}
                    </Suspense>
                  )}
                </ViewBoundary>
              </Tabs.Panel>
            ))
          )}
        </Box>
      </Tabs>
    </Box>
  );
}
