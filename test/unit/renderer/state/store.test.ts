import { describe, expect, it } from 'vitest';
import { AppStore, previewGroups, type PreviewSource } from '../../../../src/renderer/state/store';
import { previewOf, type SnapshotPreview } from '../../../../src/shared/snapshot/preview';
import type { CloudtopApi, EventChannel, InvokeChannel } from '../../../../src/shared/ipc/contract';
import { FakeCore } from '../../../helpers/fake-core';
import { answerModelTrends } from '../../../../src/core/history/answer';
import { ModelTrendsQuerySchema } from '../../../../src/shared/history/schema';
import { TRENDS_TTL_MS } from '../../../../src/renderer/state/store';
import { sparkPath } from '../../../../src/renderer/lib/sparkline';

/** A CloudtopApi straight onto a FakeCore (no transport): enough to drive the store. */
function directApi(core: FakeCore) {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const emit = (e: EventChannel, p: unknown) => listeners.get(e)?.forEach((l) => l(p));
  const handlers: Partial<Record<InvokeChannel, (r: never) => unknown>> = {
    'app.info': () => ({ version: 't', mode: 'browser', demo: false, secretStorage: 'session', platform: 'linux' }),
    'snapshot.get': () => core.snapshot(),
    'providers.list': () => core.providers(),
    'settings.get': () => core.settings.view(),
    'settings.update': (p: never) => core.settings.update(p),
    'watches.list': () => core.watches.list(),
    'watches.save': (w: never) => core.watches.save(w),
    'watches.delete': (r: { id: string }) => ({ deleted: core.watches.delete(r.id) }),
    'alerts.history': () => core.watches.history(),
    'history.trends': (q: never) => answerModelTrends(core.history, q),
    refresh: async () => ({ version: (await core.refresh()).version }),
  };
  const api: CloudtopApi = {
    invoke: async (channel, request) => (await handlers[channel]!(request as never)) as never,
    on: (event, l) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(l as (p: unknown) => void);
      return () => set.delete(l as (p: unknown) => void);
    },
  };
  return { api, emit };
}

/**
 * Browser mode's preview and pushes as WebSocketApi gives them: `send` delivers a preview,
 * subscribe() pushes the core's snapshot before it resolves (or fails with `failWith`).
 */
function previewSource(core: FakeCore, emit: (e: EventChannel, p: unknown) => void) {
  const listeners = new Set<(p: SnapshotPreview) => void>();
  const state = { subscribed: 0, failWith: undefined as Error | undefined };
  const source: PreviewSource = {
    onPreview: (l) => (listeners.add(l), () => listeners.delete(l)),
    subscribe: async () => {
      state.subscribed++;
      if (state.failWith) throw state.failWith;
      emit('snapshot', core.snapshot());
    },
  };
  return { source, state, send: (p: SnapshotPreview) => listeners.forEach((l) => l(p)) };
}
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('AppStore', () => {
  it('loads everything the views need', async () => {
    const core = new FakeCore({ offers: 4 });
    const store = new AppStore(directApi(core).api);
    await store.load();
    const s = store.getState();
    expect(s.appInfo?.secretStorage).toBe('session');
    expect(s.snapshot?.offers).toHaveLength(4);
    expect(s.providers).toHaveLength(6);
    expect(s.settings?.settings.theme).toBe('auto');
    expect(s.loadError).toBeUndefined();
  });

  it('browser mode: loads with the preview sent on connect, and takes the snapshot in on subscribe', async () => {
    const core = new FakeCore({ offers: 40 });
    const { api, emit } = directApi(core);
    const asked: string[] = [];
    const spy: CloudtopApi = { ...api, invoke: (c, r) => (asked.push(c), api.invoke(c, r)) };
    const pre = previewSource(core, emit);
    const store = new AppStore(spy, undefined, { preview: pre.source, pushTimeoutMs: 60_000 });
    const loading = store.load();
    await tick(10);
    expect(store.getState().appInfo).toBeUndefined();
    const preview = previewOf(core.snapshot());
    pre.send(preview);
    await loading;
    expect(store.getState().preview).toBe(preview);
    expect(store.getState().snapshot).toBeUndefined();
    expect(asked).not.toContain('snapshot.get');
    expect(pre.state.subscribed).toBe(0); // the grouped view paints from the preview first

    await store.startSnapshots();
    await store.startSnapshots(); // once
    expect(pre.state.subscribed).toBe(1);
    expect(store.getState().snapshot?.offers).toHaveLength(40);
    expect(store.getState().preview).toBeUndefined();
    // A later preview (a reconnect's) does not stand in for the snapshot.
    pre.send(preview);
    expect(store.getState().preview).toBeUndefined();
    expect(previewGroups(store.getState())).toBeUndefined();
  });

  it('subscribes at once when the first view needs the offers themselves (the table)', async () => {
    const core = new FakeCore({ offers: 10 });
    core.settings.update({ ui: { offersView: 'table' } });
    const { api, emit } = directApi(core);
    const pre = previewSource(core, emit);
    const store = new AppStore(api, undefined, { preview: pre.source, pushTimeoutMs: 60_000 });
    let ready = false;
    void store.whenReady(60_000).then(() => (ready = true));
    pre.send(previewOf(core.snapshot()));
    await store.load();
    await tick();
    expect(pre.state.subscribed).toBe(1);
    expect(store.getState().snapshot?.offers).toHaveLength(10);
    expect(ready).toBe(true);
  });

  it('no preview after a while: subscribes; a failed subscribe is a failed load', async () => {
    const core = new FakeCore({ offers: 3 });
    const { api, emit } = directApi(core);
    const pre = previewSource(core, emit);
    const store = new AppStore(api, undefined, { preview: pre.source, pushTimeoutMs: 20 });
    await store.load();
    expect(pre.state.subscribed).toBe(1);
    expect(store.getState().snapshot?.offers).toHaveLength(3);

    const down = previewSource(core, emit);
    down.state.failWith = new Error('no answer');
    const failing = new AppStore(api, undefined, { preview: down.source, pushTimeoutMs: 20 });
    await failing.load();
    expect(failing.getState().loadError?.message).toBe('no answer');
    // Asked again after a failure, not stuck on the failed promise.
    down.state.failWith = undefined;
    await failing.startSnapshots();
    expect(down.state.subscribed).toBe(2);

    // The desktop (no preview source): nothing to start.
    await new AppStore(api).startSnapshots();
  });

  it('previewGroups: the preview stands in only for the grouped view with nothing filtered', async () => {
    const core = new FakeCore({ offers: 300 });
    const { api, emit } = directApi(core);
    const pre = previewSource(core, emit);
    const store = new AppStore(api, undefined, { preview: pre.source, pushTimeoutMs: 60_000 });
    const preview = previewOf(core.snapshot());
    pre.send(preview);
    await store.load();
    expect(previewGroups(store.getState())).toBe(preview.groups.all);
    await store.updateSettings({ ui: { hideUnavailable: true } });
    expect(previewGroups(store.getState())).toBe(preview.groups.sellable);
    store.setOfferSearch('h100');
    expect(previewGroups(store.getState())).toBeUndefined();
    store.setOfferSearch('  ');
    store.setOfferFilter({ providers: ['vastai'] });
    expect(previewGroups(store.getState())).toBeUndefined();
    store.setOfferFilter({});
    store.updateOffersUi({ mode: 'table' });
    expect(previewGroups(store.getState())).toBeUndefined();
    store.updateOffersUi({ mode: 'grouped' });
    expect(previewGroups(store.getState())).toBe(preview.groups.sellable);
  });

  it('is ready to mount once the snapshot and the lists are in, on a failed load, or after the wait cap', async () => {
    const core = new FakeCore({ offers: 2 });
    const { api, emit } = directApi(core);
    const store = new AppStore(api, undefined, { preview: previewSource(core, emit).source, pushTimeoutMs: 60_000 });
    let ready = false;
    void store.whenReady(60_000).then(() => (ready = true));
    void store.load();
    await new Promise((r) => setTimeout(r, 10));
    expect(ready).toBe(false); // lists are in, the snapshot is not
    emit('snapshot', core.snapshot());
    await new Promise((r) => setTimeout(r, 0));
    expect(ready).toBe(true);
    // Everything the first render shows is there when it mounts (one render, not two).
    const s = store.getState();
    expect(s.appInfo).toBeDefined();
    expect(s.providers.length).toBeGreaterThan(0);
    expect(s.settings).toBeDefined();

    // The snapshot alone (the lists' answers still out) is not enough.
    let release: () => void = () => undefined;
    const held = new Promise<void>((r) => (release = r));
    const slowLists: CloudtopApi = {
      ...api,
      invoke: (c, r) => (c === 'providers.list' ? held.then(() => api.invoke(c, r)) : api.invoke(c, r)),
    };
    const waiting = new AppStore(slowLists, undefined, {
      preview: previewSource(core, emit).source,
      pushTimeoutMs: 60_000,
    });
    let waitingReady = false;
    void waiting.whenReady(60_000).then(() => (waitingReady = true));
    void waiting.load();
    emit('snapshot', core.snapshot());
    await new Promise((r) => setTimeout(r, 10));
    expect(waiting.getState().snapshot).toBeDefined();
    expect(waitingReady).toBe(false);
    release();
    await new Promise((r) => setTimeout(r, 10));
    expect(waitingReady).toBe(true);
    await store.whenReady(60_000); // already ready: resolves at once

    const failing = new AppStore({ invoke: () => Promise.reject(new Error('down')), on: () => () => undefined });
    const failed = failing.whenReady(60_000);
    void failing.load();
    await failed;
    expect(failing.getState().loadError?.message).toBe('down');

    const silent = new AppStore(api, undefined, { preview: previewSource(core, emit).source, pushTimeoutMs: 60_000 });
    const t0 = Date.now();
    await silent.whenReady(30);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
    expect(silent.getState().snapshot).toBeUndefined();
  });

  it('reports a failed load instead of throwing', async () => {
    const api: CloudtopApi = { invoke: () => Promise.reject(new Error('down')), on: () => () => undefined };
    const store = new AppStore(api);
    await store.load();
    expect(store.getState().loadError?.message).toBe('down');
  });

  it('keeps alerts newest first, de-duplicated, and tells alert listeners', async () => {
    const core = new FakeCore({ offers: 1 });
    const { api, emit } = directApi(core);
    const store = new AppStore(api);
    const heard: string[] = [];
    store.onAlert((e) => heard.push(e.id));
    const alert = (id: string) => ({
      id,
      watchId: 'w',
      watchName: 'W',
      kind: 'appeared',
      at: '2026-01-01T00:00:00.000Z',
      suppressed: false,
      offers: [],
    });
    emit('alert', alert('a1'));
    emit('alert', alert('a2'));
    emit('alert', alert('a1'));
    expect(store.getState().alerts.map((a) => a.id)).toEqual(['a1', 'a2']);
    expect(heard).toEqual(['a1', 'a2', 'a1']);
  });

  it('focusing an offer clears the filters and shows the table', () => {
    const { api, emit } = directApi(new FakeCore());
    const store = new AppStore(api);
    store.setOfferFilter({ gpu: ['H100'], search: 'x' });
    store.setView('settings');
    emit('focus.offer', { offerId: 'vastai:3' });
    const s = store.getState();
    expect(s).toMatchObject({ view: 'offers', focus: { offerId: 'vastai:3' }, offers: { filter: {}, mode: 'table' } });
    const seq = s.focus!.seq;
    store.focusOffer('vastai:3');
    expect(store.getState().focus!.seq).toBeGreaterThan(seq);
  });

  it('folds watch changes back into the list', async () => {
    const core = new FakeCore();
    const store = new AppStore(directApi(core).api);
    await store.load();
    const w = await store.saveWatch({
      name: 'a',
      enabled: true,
      filter: {},
      notify: { onAppear: true, onPriceDrop: true, priceDropPct: 10, onDisappear: false, cooldownMinutes: 30 },
    });
    await store.saveWatch({ ...w, enabled: false });
    expect(store.getState().watches).toEqual([expect.objectContaining({ id: w.id, enabled: false })]);
    await store.deleteWatch(w.id);
    expect(store.getState().watches).toEqual([]);
  });
});

describe('AppStore.loadTrends (Offers rows)', () => {
  it('one call for all models, answered from the cache while fresh, a sparkline path drawn once', async () => {
    const core = new FakeCore({ offers: 4 });
    const asked: unknown[] = [];
    core.history = {
      report: () => {
        throw new Error('not used');
      },
      lastSeen: () => new Map(),
      typicalStay: () => undefined,
      hourlyCheapest: () => new Map(),
      trends: (q) => {
        const query = ModelTrendsQuerySchema.parse(q);
        asked.push(query);
        const at = Date.UTC(2026, 0, 20, 12);
        return {
          recording: true,
          at,
          trends: query.models
            .filter((m) => m !== 'B200')
            .map((model) => ({
              model,
              daily: [
                [Date.UTC(2026, 0, 18) + new Date(at).getTimezoneOffset() * 60_000, 2],
                [Date.UTC(2026, 0, 19) + new Date(at).getTimezoneOffset() * 60_000, 3],
              ] as Array<[number, number]>,
              availableNow: false,
              lastSeen: null,
              stay: null,
            })),
        };
      },
    };
    const store = new AppStore(directApi(core).api);
    const t0 = Date.now();
    await store.loadTrends(['H100-SXM', 'A100-80GB', 'B200'], t0);
    const trends = store.getState().trends!;
    expect(trends.recording).toBe(true);
    expect([...trends.byModel.keys()]).toEqual(['H100-SXM', 'A100-80GB']);
    expect(trends.byModel.get('H100-SXM')!.path).toMatch(/^M[\d.]+ [\d.]+L[\d.]+ [\d.]+$/);
    expect(asked).toEqual([expect.objectContaining({ models: ['H100-SXM', 'A100-80GB', 'B200'], days: 14 })]);
    // Same or fewer models while fresh: no call. A new model or an old answer: one more call.
    await store.loadTrends(['A100-80GB'], t0 + 1000);
    expect(asked).toHaveLength(1);
    await store.loadTrends(['A100-80GB', 'L40S'], t0 + 2000);
    expect(asked).toHaveLength(2);
    await store.loadTrends(['A100-80GB', 'L40S'], t0 + 2000 + TRENDS_TTL_MS);
    expect(asked).toHaveLength(3);
  });

  it('a face without history says so; a failing call is quiet', async () => {
    const core = new FakeCore({ offers: 4 });
    const store = new AppStore(directApi(core).api);
    await store.loadTrends(['H100-SXM']);
    expect(store.getState().trends).toMatchObject({ recording: false });
    const failing = new AppStore({ ...directApi(core).api, invoke: () => Promise.reject(new Error('closed')) });
    await expect(failing.loadTrends(['H100-SXM'])).resolves.toBeUndefined();
    expect(failing.getState().trends).toBeUndefined();
  });
});

describe('sparkPath', () => {
  const DAY = 86_400_000;
  it('places days in the window, cheapest at the bottom, one point as a dash, nothing as undefined', () => {
    const from = 0;
    const to = 13 * DAY;
    expect(sparkPath([], from, to)).toBeUndefined();
    expect(sparkPath([[0, 1]], from, from)).toBeUndefined();
    expect(
      sparkPath(
        [
          [0, 2],
          [13 * DAY, 1],
        ],
        from,
        to,
      ),
    ).toBe('M0 2L72 18');
    // A gap in days stays a gap in x; a flat line sits in the middle.
    expect(
      sparkPath(
        [
          [0, 2],
          [DAY, 2],
          [13 * DAY, 2],
        ],
        from,
        to,
      ),
    ).toBe('M0 10L5.5 10L72 10');
    expect(sparkPath([[13 * DAY, 2]], from, to)).toBe('M68 10h4');
  });
});
