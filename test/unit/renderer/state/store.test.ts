import { describe, expect, it } from 'vitest';
import { AppStore } from '../../../../src/renderer/state/store';
import type { CloudtopApi, EventChannel, InvokeChannel } from '../../../../src/shared/ipc/contract';
import { FakeCore } from '../../../helpers/fake-core';

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

  it('waits for the pushed snapshot instead of fetching a second copy (browser mode)', async () => {
    const core = new FakeCore({ offers: 4 });
    const { api, emit } = directApi(core);
    const asked: string[] = [];
    const spy: CloudtopApi = { ...api, invoke: (c, r) => (asked.push(c), api.invoke(c, r)) };
    const store = new AppStore(spy, undefined, { snapshotPushed: true, pushTimeoutMs: 60_000 });
    const loading = store.load();
    await new Promise((r) => setTimeout(r, 10));
    expect(store.getState().appInfo).toBeUndefined();
    emit('snapshot', core.snapshot());
    await loading;
    expect(store.getState().snapshot?.version).toBe(1);
    expect(asked).not.toContain('snapshot.get');
  });

  it('is ready to mount once the snapshot is in, on a failed load, or after the wait cap', async () => {
    const core = new FakeCore({ offers: 2 });
    const { api, emit } = directApi(core);
    const store = new AppStore(api, undefined, { snapshotPushed: true, pushTimeoutMs: 60_000 });
    let ready = false;
    void store.whenReady(60_000).then(() => (ready = true));
    void store.load();
    await new Promise((r) => setTimeout(r, 10));
    expect(ready).toBe(false); // lists are in, the snapshot is not
    emit('snapshot', core.snapshot());
    await new Promise((r) => setTimeout(r, 0));
    expect(ready).toBe(true);
    await store.whenReady(60_000); // already ready: resolves at once

    const failing = new AppStore({ invoke: () => Promise.reject(new Error('down')), on: () => () => undefined });
    const failed = failing.whenReady(60_000);
    void failing.load();
    await failed;
    expect(failing.getState().loadError?.message).toBe('down');

    const silent = new AppStore(api, undefined, { snapshotPushed: true, pushTimeoutMs: 60_000 });
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
