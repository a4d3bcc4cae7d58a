/**
 * `UI_BENCH_PROFILE=1 npm run bench -- ui`: one cold load of the page under Chromium's sampling
 * profiler (bare CDP, like the first-render figure), from navigation to the first offer rows. Prints
 * where the main thread spent its time (self time per function, and per script), and writes the
 * .cpuprofile to reports/ for DevTools' Performance panel. A tool for finding what to fix; the
 * figures that count are the bench's medians.
 */
import fs from 'node:fs';
import type { BareCdp } from './bare-cdp';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export async function profileFirstLoad(
  cdp: BareCdp,
  url: string,
  initScript: string,
  prefix: string,
  viewport: { width: number; height: number },
): Promise<string[]> {
  const { browserContextId } = (await cdp.send('Target.createBrowserContext')) as { browserContextId: string };
  const { targetId } = (await cdp.send('Target.createTarget', { url: 'about:blank', browserContextId })) as {
    targetId: string;
  };
  const { sessionId } = (await cdp.send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
  try {
    const seen = new Promise<void>((ok) => {
      const off = cdp.on((method, params, session) => {
        if (session !== sessionId || method !== 'Runtime.consoleAPICalled') return;
        const first = (params.args as { value?: unknown }[] | undefined)?.[0]?.value;
        if (typeof first === 'string' && first.startsWith(prefix)) {
          off();
          ok();
        }
      });
    });
    await cdp.send('Runtime.enable', {}, sessionId);
    await cdp.send('Page.enable', {}, sessionId);
    await cdp.send(
      'Emulation.setDeviceMetricsOverride',
      { ...viewport, deviceScaleFactor: 1, mobile: false },
      sessionId,
    );
    await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source: initScript }, sessionId);
    await cdp.send('Profiler.enable', {}, sessionId);
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 }, sessionId);
    await cdp.send('Profiler.start', {}, sessionId);
    await cdp.send('Page.navigate', { url }, sessionId);
    await seen;
    const { profile } = (await cdp.send('Profiler.stop', {}, sessionId)) as { profile: CpuProfile };
    fs.mkdirSync('reports', { recursive: true });
    fs.writeFileSync('reports/ui-first-load.cpuprofile', JSON.stringify(profile));
    return summarise(profile);
  } finally {
    await cdp.send('Target.disposeBrowserContext', { browserContextId }).catch(() => undefined);
  }
}

function summarise(p: CpuProfile): string[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++)
    self.set(p.samples[i]!, (self.get(p.samples[i]!) ?? 0) + (p.timeDeltas[i] ?? 0));
  const fn = new Map<string, number>();
  const script = new Map<string, number>();
  let total = 0;
  for (const [id, us] of self) {
    const f = byId.get(id)!.callFrame;
    if (f.functionName === '(idle)' || f.functionName === '(program)') continue;
    total += us;
    const file = f.url ? f.url.replace(/^.*\//, '').replace(/\?.*$/, '') : f.functionName;
    const key = `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber + 1}:${f.columnNumber + 1}`;
    fn.set(key, (fn.get(key) ?? 0) + us);
    script.set(file, (script.get(file) ?? 0) + us);
  }
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => `${(us / 1000).toFixed(1).padStart(7)} ms  ${k}`);
  return [
    `busy main thread, navigation → first rows: ${(total / 1000).toFixed(0)} ms (wall ${((p.endTime - p.startTime) / 1000).toFixed(0)} ms)`,
    'by script:',
    ...top(script, 12),
    'by function (self time):',
    ...top(fn, 30),
  ];
}
