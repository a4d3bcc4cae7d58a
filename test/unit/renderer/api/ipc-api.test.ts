import { describe, expect, it, vi } from 'vitest';
import { IpcApi } from '../../../../src/renderer/api/ipc-api';
import { EVENT_METHODS, INVOKE_METHODS, type PreloadBridge } from '../../../../src/shared/ipc/bridge';
import { CloudtopApiError, EVENT_CHANNELS, INVOKE_CHANNELS } from '../../../../src/shared/ipc/contract';
import type { Snapshot } from '../../../../src/shared/model';
import { FakeCore, diffSnapshots, makeOffer } from '../../../helpers/fake-core';

/** A bridge like the preload's: one named method per channel, listeners keyed by event. */
function fakeBridge(answers: Record<string, unknown> = {}) {
  const listeners: Record<string, ((p: unknown) => void)[]> = {};
  const calls: { method: string; arg: unknown }[] = [];
  const bridge: Record<string, unknown> = {};
  for (const m of Object.values(INVOKE_METHODS)) {
    bridge[m] = vi.fn(async (arg: unknown) => {
      calls.push({ method: m, arg });
      return answers[m] ?? { ok: true, value: {} };
    });
  }
  for (const [e, m] of Object.entries(EVENT_METHODS)) {
    bridge[m] = (l: (p: unknown) => void) => {
      (listeners[e] ??= []).push(l);
      return () => undefined;
    };
  }
  const emit = (e: string, p: unknown) => listeners[e]?.forEach((l) => l(p));
  return { bridge: bridge as unknown as PreloadBridge, calls, emit };
}

describe('preload bridge naming', () => {
  it('has one distinct method per invoke channel and per event', () => {
    expect(Object.keys(INVOKE_METHODS).sort()).toEqual([...INVOKE_CHANNELS].sort());
    expect(Object.keys(EVENT_METHODS).sort()).toEqual([...EVENT_CHANNELS].sort());
    const names = [...Object.values(INVOKE_METHODS), ...Object.values(EVENT_METHODS)];
    expect(new Set(names).size).toBe(names.length);
    for (const n of names) expect(n).toMatch(/^[a-z][A-Za-z]+$/);
  });
});

describe('IpcApi', () => {
  it('calls the named method with the validated request and unwraps the result', async () => {
    const { bridge, calls } = fakeBridge({ refresh: { ok: true, value: { version: 7 } } });
    const api = new IpcApi(bridge);
    await expect(api.invoke('refresh', { providers: ['vastai'] })).resolves.toEqual({ version: 7 });
    expect(calls).toEqual([{ method: 'refresh', arg: { providers: ['vastai'] } }]);
    await expect(api.invoke('refresh', { providers: ['nope' as 'vastai'] })).rejects.toBeInstanceOf(CloudtopApiError);
    expect(calls).toHaveLength(1);
  });

  it('throws the error main returned', async () => {
    const { bridge } = fakeBridge({
      deleteWatch: { ok: false, error: { code: 'not_found', message: 'gone', retryable: false } },
    });
    await expect(new IpcApi(bridge).invoke('watches.delete', { id: 'x' })).rejects.toMatchObject({
      info: { code: 'not_found', message: 'gone' },
    });
  });

  it('forwards events and applies snapshot diffs pushed by main', () => {
    const { bridge, emit } = fakeBridge();
    const api = new IpcApi(bridge);
    const snaps: Snapshot[] = [];
    const alerts: unknown[] = [];
    api.on('snapshot', (s) => snaps.push(s));
    api.on('alert', (a) => alerts.push(a));
    const s1 = new FakeCore({ offers: 2 }).snapshot();
    const s2 = { ...s1, version: 2, offers: [...s1.offers, makeOffer(5)] };
    emit('snapshot', s1);
    emit('snapshot.diff', diffSnapshots(s1, s2));
    emit('alert', { id: 'a' });
    expect(snaps.map((s) => [s.version, s.offers.length])).toEqual([
      [1, 2],
      [2, 3],
    ]);
    expect(alerts).toEqual([{ id: 'a' }]);
  });
});
