/**
 * Chromium driven over the bare DevTools protocol with only the Page and Performance domains on,
 * for the UI bench's first-render figure.
 *
 * Playwright enables the Network domain on every page, and with it Chromium copies each WebSocket
 * frame's payload to the DevTools client: for the 5 MB snapshot frame that is ~50–70 ms of the
 * browser process's main thread, during which the page's next frame (and every task posted after
 * the frame arrived) waits. A user's browser does none of that. Measured on this machine with a
 * page that only receives a 5 MB frame: 0.1–0.3 ms from the message to the next task without the
 * Network domain, 17–37 ms with it.
 *
 * Nor the Runtime domain: with it on, V8 records a detailed stack trace for every Error created
 * (React and zod create some while their modules load), and that needs source positions, which V8
 * gets by parsing the functions on the stack again: whole chunks, when a module's top level is on
 * it (V8.CollectSourcePositions, 18–25 ms a load in traces). Traced loads showed the first rows at
 * 364–392 ms with the Runtime domain on and 252–260 ms with it off. So the page reports through a
 * global that is polled with Runtime.evaluate, which works without the domain.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { WebSocket } from 'ws';

interface Pending {
  ok: (v: Record<string, unknown>) => void;
  fail: (e: Error) => void;
}

export class BareCdp {
  private nextId = 0;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(method: string, params: Record<string, unknown>, session?: string) => void>();

  private constructor(
    private readonly chrome: ChildProcess,
    private readonly ws: WebSocket,
  ) {
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as {
        id?: number;
        result?: Record<string, unknown>;
        error?: { message: string };
        method?: string;
        params?: Record<string, unknown>;
        sessionId?: string;
      };
      if (m.id !== undefined) {
        const p = this.pending.get(m.id);
        this.pending.delete(m.id);
        if (m.error) p?.fail(new Error(m.error.message));
        else p?.ok(m.result ?? {});
      } else if (m.method) for (const l of this.listeners) l(m.method, m.params ?? {}, m.sessionId);
    });
  }

  static async launch(executablePath: string, args: string[]): Promise<BareCdp> {
    const chrome = spawn(executablePath, [...args, '--remote-debugging-port=0', 'about:blank'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const url = await new Promise<string>((ok, fail) => {
      let buf = '';
      const timer = setTimeout(() => fail(new Error('chromium did not start its DevTools endpoint')), 30_000);
      chrome.stderr!.on('data', (d: Buffer) => {
        buf += d.toString();
        const m = /DevTools listening on (ws:\/\/\S+)/.exec(buf);
        if (m) {
          clearTimeout(timer);
          ok(m[1]!);
        }
      });
      chrome.once('exit', (code) => fail(new Error(`chromium exited (${code})`)));
    });
    const ws = new WebSocket(url, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
    await new Promise((ok, fail) => ws.once('open', ok).once('error', fail));
    return new BareCdp(chrome, ws);
  }

  send(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> {
    const id = ++this.nextId;
    this.ws.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
    return new Promise((ok, fail) => this.pending.set(id, { ok, fail }));
  }

  on(listener: (method: string, params: Record<string, unknown>, session?: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Ends Chromium and waits until it has exited (its shutdown would otherwise spoil what is measured next). */
  async close(): Promise<void> {
    this.ws.close();
    if (this.chrome.exitCode !== null || this.chrome.signalCode !== null) return;
    const exited = new Promise((done) => this.chrome.once('exit', done));
    this.chrome.kill('SIGTERM');
    await exited;
  }
}

/**
 * Opens `url` in a fresh browser context (empty caches), runs `initScript` before the page's own
 * scripts, and resolves with the string the page puts in `window[signal]` (polled every 10 ms; the
 * page measures its own times, so the poll's delay is not part of any figure).
 */
export async function loadAndWaitForSignal(
  cdp: BareCdp,
  url: string,
  initScript: string,
  signal: string,
  viewport: { width: number; height: number },
  timeoutMs = 60_000,
): Promise<{
  text: string;
  evaluate: (expression: string) => Promise<unknown>;
  /** The page's Performance.getMetrics (TaskDuration, ScriptDuration, ThreadTime …, in seconds). */
  metrics: () => Promise<Record<string, number>>;
  dispose: () => Promise<void>;
}> {
  const { browserContextId } = (await cdp.send('Target.createBrowserContext')) as { browserContextId: string };
  const { targetId } = (await cdp.send('Target.createTarget', { url: 'about:blank', browserContextId })) as {
    targetId: string;
  };
  const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
  let off: () => void = () => undefined;
  const dispose = async () => {
    await cdp.send('Target.disposeBrowserContext', { browserContextId }).catch(() => undefined);
  };
  try {
    const read = async (expression: string): Promise<unknown> => {
      const r = (await cdp.send('Runtime.evaluate', { expression, returnByValue: true }, sessionId)) as {
        result: { value?: unknown };
      };
      return r.result.value;
    };
    const text = new Promise<string>((ok, fail) => {
      const timer = setTimeout(() => {
        clearInterval(poll);
        fail(new Error(`no window.${signal} after ${timeoutMs} ms`));
      }, timeoutMs);
      const poll = setInterval(() => {
        read(`window.${signal}`).then(
          (v) => {
            if (typeof v !== 'string') return;
            clearInterval(poll);
            clearTimeout(timer);
            ok(v);
          },
          () => undefined, // the page is between documents: ask again
        );
      }, 10);
      off = () => {
        clearInterval(poll);
        clearTimeout(timer);
      };
    });
    await cdp.send('Page.enable', {}, sessionId);
    // Counters only (no events): where the page's main thread went, in CPU time as well as wall time.
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' }, sessionId);
    await cdp.send(
      'Emulation.setDeviceMetricsOverride',
      { ...viewport, deviceScaleFactor: 1, mobile: false },
      sessionId,
    );
    await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: initScript }, sessionId);
    await cdp.send('Page.navigate', { url }, sessionId);
    const result = await text;
    return {
      text: result,
      evaluate: read,
      metrics: async () => {
        const r = (await cdp.send('Performance.getMetrics', {}, sessionId)) as {
          metrics: Array<{ name: string; value: number }>;
        };
        return Object.fromEntries(r.metrics.map((m) => [m.name, m.value]));
      },
      dispose,
    };
  } catch (e) {
    await dispose();
    throw e;
  } finally {
    off();
  }
}
