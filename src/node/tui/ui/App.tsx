/**
 * `cloudtop top`: the panes, the keys and the layout. Data comes from the TopStore (pushed by the
 * core); rows come from the pure view model; only the rows that fit are rendered.
 */
import { useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { Box, Text, useApp, useInput, useWindowSize, type Key } from 'ink';
import { useLook } from './context';
import { GpuPane } from './GpuPane';
import { ResourcesPane } from './ResourcesPane';
import { AlertsPane } from './AlertsPane';
import { ProvidersPane, compactLines } from './ProvidersPane';
import { Details, Help } from './Overlays';
import { Footer } from './Footer';
import { fit } from '../text';
import type { TopStore } from '../store';
import type { PriceHistorySource } from '../price-history';
import {
  GPU_SORTS,
  GPU_SORT_LABELS,
  PANES,
  RESOURCE_SORTS,
  RESOURCE_SORT_LABELS,
  alertRows,
  gpuRows,
  inUse,
  offersOfModel,
  providerRows,
  resourceRows,
  type GpuSort,
  type PaneId,
  type ResourceSort,
} from '../view-model';
import { alertDetails, offerDetails, providerDetails, resourceDetails, type DetailsDoc } from '../details';

interface AppProps {
  store: TopStore;
  history: PriceHistorySource;
  version: string;
  bell: boolean;
  /** Test hook: a fixed size instead of the terminal's. */
  size?: { columns: number; rows: number };
}

// eslint-disable-next-line no-control-regex
const hasControl = (s: string): boolean => /[\u0000-\u001f\u007f]/.test(s);

/**
 * Keys can arrive several in one chunk (tmux send-keys, a paste, a fast typist over SSH): split a
 * chunk of plain characters, Enter, Tab and Backspace into one key each, in order. Escape sequences
 * (arrows, function keys) are already one key each and pass through.
 */
export function splitChunk(input: string, key: Key): Array<[string, Key]> {
  if (input.length <= 1 || key.ctrl || key.meta || input.includes('\x1b')) return [[input, key]];
  const plain: Key = { ...key, return: false, tab: false, backspace: false, delete: false, shift: false };
  return [...input].map((ch): [string, Key] =>
    ch === '\r' || ch === '\n'
      ? ['', { ...plain, return: true }]
      : ch === '\t'
        ? ['', { ...plain, tab: true }]
        : ch === '\x7f' || ch === '\b'
          ? ['', { ...plain, backspace: true }]
          : [ch, { ...plain, shift: ch !== ch.toLowerCase() }],
  );
}

type Selection = Record<PaneId, { key?: string; index: number }>;
type Overlay = { kind: 'help' } | { kind: 'details'; pane: PaneId; key: string; scroll: number } | null;

interface UiState {
  focus: PaneId;
  sel: Selection;
  /** The search typed after `/`, applied to every pane. */
  filter: string;
  editing: boolean;
  gpuSort: GpuSort;
  resSort: ResourceSort;
  overlay: Overlay;
}

const INITIAL_UI: UiState = {
  focus: 'gpus',
  sel: { gpus: { index: 0 }, resources: { index: 0 }, alerts: { index: 0 }, providers: { index: 0 } },
  filter: '',
  editing: false,
  gpuSort: 'price',
  resSort: 'provider',
  overlay: null,
};

const MIN_COLUMNS = 40;
const MIN_ROWS = 12;

/** Heights and widths of every pane for a terminal of `columns` × `rows`. */
export function layout(columns: number, rows: number, focus: PaneId, providerCount: number, providersInUse: number) {
  const width = Math.max(MIN_COLUMNS, columns);
  const height = Math.max(MIN_ROWS, rows);
  const inner = height - 2; // title bar + footer
  const providers =
    focus === 'providers'
      ? Math.min(providerCount + 2, Math.max(4, Math.floor(inner * 0.5)))
      : 1 + compactLines(providersInUse, width);
  const rest = Math.max(4, inner - providers);
  const gpus = Math.max(3, Math.round(rest * (focus === 'resources' || focus === 'alerts' ? 0.42 : 0.58)));
  const bottom = Math.max(2, rest - gpus);
  const sideBySide = width >= 80;
  const resourcesWidth = sideBySide ? Math.floor(width / 2) : width;
  return {
    width,
    height,
    providers,
    gpus,
    sideBySide,
    resources: { width: resourcesWidth, height: sideBySide ? bottom : Math.ceil(bottom / 2) },
    alerts: {
      width: sideBySide ? width - resourcesWidth : width,
      height: sideBySide ? bottom : Math.floor(bottom / 2),
    },
    overlay: inner,
  };
}

export function App({ store, history, version, bell, size }: AppProps) {
  const look = useLook();
  const state = useSyncExternalStore(store.subscribe, store.getState);
  const window = useWindowSize();
  const { exit } = useApp();
  const columns = size?.columns ?? window.columns;
  const termRows = size?.rows ?? window.rows;

  // UI state lives in a ref as well as in React state: keys can arrive several in one chunk (a paste,
  // a fast typist over SSH), and each must see what the previous one did, not the last render's copy.
  const ui = useRef<UiState>(INITIAL_UI);
  const [, setVersion] = useState(0);
  const update = (patch: Partial<UiState>): void => {
    ui.current = { ...ui.current, ...patch };
    setVersion((v) => v + 1);
  };
  const { focus, sel, filter, editing, gpuSort, resSort, overlay } = ui.current;

  const { snapshot, alerts } = state;
  const gpus = useMemo(
    () => gpuRows(snapshot.offers, filter, gpuSort, history, state.groups),
    // historyVersion: the history is mutable; a new sample means new sparklines.
    [snapshot.offers, filter, gpuSort, history, state.historyVersion, state.groups],
  );
  const resources = useMemo(
    () => resourceRows(snapshot.resources, filter, resSort),
    [snapshot.resources, filter, resSort],
  );
  const alertList = useMemo(() => alertRows(alerts, filter), [alerts, filter]);
  const providers = useMemo(() => providerRows(snapshot.providers), [snapshot.providers]);
  const keysOf: Record<PaneId, readonly { key: string }[]> = {
    gpus,
    resources,
    alerts: alertList,
    providers,
  };

  /** The selected index in a pane: follows the selected key when rows move, else stays in range. */
  const indexOf = (pane: PaneId, selection: Selection = sel): number => {
    const rows = keysOf[pane];
    const s = selection[pane];
    if (s.key !== undefined) {
      const i = rows.findIndex((r) => r.key === s.key);
      if (i >= 0) return i;
    }
    return Math.max(0, Math.min(s.index, rows.length - 1));
  };
  const select = (pane: PaneId, index: number): void => {
    const rows = keysOf[pane];
    const i = Math.max(0, Math.min(index, rows.length - 1));
    update({ sel: { ...ui.current.sel, [pane]: { key: rows[i]?.key, index: i } } });
  };

  const used = snapshot.providers.filter(inUse).length;
  const L = layout(columns, termRows, focus, snapshot.providers.length, used);
  const bodyOf: Record<PaneId, number> = {
    gpus: L.gpus - 2,
    resources: L.resources.height - 2,
    alerts: L.alerts.height - 2,
    providers: L.providers - 2,
  };

  const detailsFor = (pane: PaneId, key: string): DetailsDoc | undefined => {
    if (pane === 'gpus') return offerDetails(key, offersOfModel(snapshot.offers, key, filter));
    if (pane === 'resources') {
      const r = snapshot.resources.find((x) => x.id === key);
      return r ? resourceDetails(r) : undefined;
    }
    if (pane === 'alerts') {
      const e = alerts.find((x) => x.id === key);
      return e ? alertDetails(e) : undefined;
    }
    const p = snapshot.providers.find((x) => `${x.provider}/${x.account}` === key);
    return p ? providerDetails(p, store.providerInfo(p.provider)) : undefined;
  };

  const onKey = (input: string, key: Key): void => {
    const { overlay, editing, focus, filter } = ui.current;
    if (overlay?.kind === 'help') {
      if (key.escape || key.return || input === '?' || input === 'q') update({ overlay: null });
      return;
    }
    if (overlay?.kind === 'details') {
      const page = Math.max(1, L.overlay - 4);
      const scroll = (by: number): void =>
        update({ overlay: { ...overlay, scroll: Math.max(0, overlay.scroll + by) } });
      if (key.escape || key.return || input === 'q') update({ overlay: null });
      else if (key.downArrow || input === 'j') scroll(1);
      else if (key.upArrow || input === 'k') scroll(-1);
      else if (key.pageDown || input === ' ') scroll(page);
      else if (key.pageUp) scroll(-page);
      return;
    }
    if (editing) {
      if (key.return) update({ editing: false });
      else if (key.escape) update({ filter: '', editing: false });
      else if (key.backspace || key.delete) update({ filter: filter.slice(0, -1) });
      else if (input && !key.ctrl && !key.meta && !key.tab && !hasControl(input))
        update({ filter: (filter + input).slice(0, 80) });
      return;
    }
    store.clearMessage();
    const at = indexOf(focus, ui.current.sel);
    const page = Math.max(1, bodyOf[focus]);
    if (input === 'q') exit();
    else if (key.tab) {
      const i = PANES.indexOf(focus);
      update({ focus: PANES[(i + (key.shift ? PANES.length - 1 : 1)) % PANES.length]! });
    } else if (/^[1-4]$/.test(input)) update({ focus: PANES[Number(input) - 1]! });
    else if (key.downArrow || input === 'j') select(focus, at + 1);
    else if (key.upArrow || input === 'k') select(focus, at - 1);
    else if (key.pageDown) select(focus, at + page);
    else if (key.pageUp) select(focus, at - page);
    else if (input === 'g' || key.home) select(focus, 0);
    else if (input === 'G' || key.end) select(focus, Number.MAX_SAFE_INTEGER);
    else if (input === '/') update({ editing: true });
    else if (key.escape && filter) update({ filter: '' });
    else if (input === 's') {
      const { gpuSort, resSort } = ui.current;
      if (focus === 'gpus') update({ gpuSort: GPU_SORTS[(GPU_SORTS.indexOf(gpuSort) + 1) % GPU_SORTS.length]! });
      else if (focus === 'resources')
        update({ resSort: RESOURCE_SORTS[(RESOURCE_SORTS.indexOf(resSort) + 1) % RESOURCE_SORTS.length]! });
      else store.say('Alerts are newest first and providers problems first: s sorts GPUs and Resources.');
    } else if (key.return) {
      const row = keysOf[focus][at];
      if (row) update({ overlay: { kind: 'details', pane: focus, key: row.key, scroll: 0 } });
    } else if (input === 'w') {
      const row = gpus[indexOf('gpus', ui.current.sel)];
      if (focus !== 'gpus' || !row) store.say('Select a GPU model in pane 1 to watch it.');
      else store.watchModel(row.key);
    } else if (input === 'r') void store.refresh();
    else if (input === '?') update({ overlay: { kind: 'help' } });
  };

  useInput((input, key) => {
    for (const [i, k] of splitChunk(input, key)) onKey(i, k);
  });

  const g = look.glyphs;
  const title = `cloudtop top ${version}${snapshot.demo ? ' · demo data' : ''} · updated ${
    snapshot.version > 0 ? new Date(snapshot.takenAt).toLocaleTimeString('en-GB') : 'never'
  }${filter ? ` · filter "${filter}"` : ''}`;
  const loading = snapshot.version === 0;
  const details = overlay?.kind === 'details' ? detailsFor(overlay.pane, overlay.key) : undefined;

  return (
    <Box flexDirection="column" width={L.width} height={L.height} overflow="hidden">
      <Text wrap="truncate" bold={look.color}>
        {fit(title, L.width, g)}
      </Text>
      {overlay?.kind === 'help' ? (
        <Help width={L.width} height={L.overlay} />
      ) : overlay?.kind === 'details' ? (
        details ? (
          <Details doc={details} scroll={overlay.scroll} width={L.width} height={L.overlay} />
        ) : (
          <Box height={L.overlay}>
            <Text> It is gone from the latest snapshot. Esc closes.</Text>
          </Box>
        )
      ) : (
        <>
          <ProvidersPane
            rows={providers}
            selected={indexOf('providers')}
            focused={focus === 'providers'}
            width={L.width}
            height={L.providers}
          />
          <GpuPane
            rows={gpus}
            selected={indexOf('gpus')}
            focused={focus === 'gpus'}
            width={L.width}
            height={L.gpus}
            offerCount={snapshot.offers.length}
            sortLabel={GPU_SORT_LABELS[gpuSort]}
            loading={loading}
            historyVersion={state.historyVersion}
            priceSpan={history.span}
          />
          <Box flexDirection={L.sideBySide ? 'row' : 'column'}>
            <ResourcesPane
              rows={resources}
              selected={indexOf('resources')}
              focused={focus === 'resources'}
              width={L.resources.width}
              height={L.resources.height}
              sortLabel={RESOURCE_SORT_LABELS[resSort]}
              loading={loading}
            />
            <AlertsPane
              rows={alertList}
              selected={indexOf('alerts')}
              focused={focus === 'alerts'}
              width={L.alerts.width}
              height={L.alerts.height}
              watchCount={store.watchCount()}
              bell={bell}
            />
          </Box>
        </>
      )}
      <Footer editing={editing} filter={filter} message={state.message} refreshing={state.refreshing} />
    </Box>
  );
}
