/**
 * `cloudtop top` figures (issue #18):
 *  - frame time with 10,000 offers: a snapshot update (new prices for every offer) through the real
 *    TopStore, view model, React and ink, to the frame written on a fake 120×40 TTY; and a keystroke
 *    frame (j) on the same data. Median and p95 of repeated runs; the view model alone for scale.
 *  - idle CPU between polls: the real `node bin/cloudtop.js top` in a tmux pseudo-terminal against
 *    `cloudtop sim` (a separate process, so its churn is not counted), sampled from /proc over a window
 *    that starts after the first poll has landed (providers poll every 60 s or more).
 * Targets: frame < 50 ms, idle < 1 % of one core. Figures only; nothing here asserts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

type Figures = Record<string, number | string>;

const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;

/** A TTY-looking stdout that counts bytes. */
class FakeTty extends EventEmitter {
  isTTY = true;
  columns = 120;
  rows = 40;
  bytes = 0;
  write(s: string, a?: unknown, b?: unknown): boolean {
    this.bytes += s.length;
    const done = typeof a === 'function' ? a : typeof b === 'function' ? b : undefined;
    if (done) queueMicrotask(() => (done as () => void)());
    return true;
  }
}
class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  /** What a keypress looks like to ink: a 'readable' event, then read(). */
  press(s: string): void {
    this.data = s;
    this.emit('readable');
  }
  setRawMode(): void {}
  setEncoding(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
  read(): string | null {
    const d = this.data;
    this.data = null;
    return d;
  }
}

async function frameFigures(): Promise<Figures> {
  // React and ink as the CLI bundle runs them (build-cli.mjs defines NODE_ENV=production); imported
  // here, after setting it, because React picks its build when first loaded.
  process.env.NODE_ENV = 'production';
  const { createElement } = await import('react');
  const { render } = await import('ink');
  const { App } = await import('../src/node/tui/ui/App');
  const { LookContext } = await import('../src/node/tui/ui/context');
  const { UNICODE_GLYPHS } = await import('../src/node/tui/glyphs');
  const { SessionPriceHistory } = await import('../src/node/tui/price-history');
  const { TopStore } = await import('../src/node/tui/store');
  const { gpuRows } = await import('../src/node/tui/view-model');
  const { FakeCore } = await import('../test/helpers/fake-core');

  const core = new FakeCore({ offers: 10_000, now: () => Date.now() });
  const history = new SessionPriceHistory();
  // The clock starts when the core hands over a new snapshot (registered before the TUI's store, so
  // it runs first) and stops when ink has written the frame: store, history sample, search, grouping,
  // React, layout and output, all of it.
  let started: number | undefined;
  let cpuAtStart: NodeJS.CpuUsage | undefined;
  const frames: number[] = [];
  // CPU time as well as wall time: on a shared machine the wall clock also counts waiting for a core.
  const cpuFrames: number[] = [];
  core.onSnapshot(() => {
    started = performance.now();
    cpuAtStart = process.cpuUsage();
  });
  const store = new TopStore({ core, history });
  store.start();
  const stdout = new FakeTty();
  const stdin = new FakeStdin();
  const instance = render(
    createElement(
      LookContext.Provider,
      { value: { glyphs: UNICODE_GLYPHS, color: true } },
      createElement(App, { store, history, version: 'bench', bell: false }),
    ),
    {
      stdout: stdout as unknown as NodeJS.WriteStream,
      stdin: stdin as unknown as NodeJS.ReadStream,
      interactive: true,
      patchConsole: false,
      exitOnCtrlC: false,
      incrementalRendering: true,
      // The command's own cap (20 fps) is kept: a frame is drawn at once when none was drawn in the last 50 ms.
      maxFps: 20,
      onRender: () => {
        if (started !== undefined) frames.push(performance.now() - started);
        if (cpuAtStart) {
          const d = process.cpuUsage(cpuAtStart);
          cpuFrames.push((d.user + d.system) / 1000);
        }
        started = undefined;
        cpuAtStart = undefined;
      },
    },
  );
  const settle = () => new Promise((r) => setTimeout(r, 80));
  await settle();

  for (let i = 0; i < 25; i++) {
    const factor = 1 + ((i % 5) - 2) / 100;
    const offers = core
      .snapshot()
      .offers.map((o) => ({ ...o, price: { ...o.price, perGpuHour: o.price.perGpuHour * factor } }));
    core.update((s) => ({ ...s, offers }));
    await settle();
  }
  const updateFrames = frames.splice(0);
  const updateCpu = cpuFrames.splice(0);
  const keyFrames: number[] = [];
  for (let i = 0; i < 25; i++) {
    started = performance.now();
    cpuAtStart = process.cpuUsage();
    stdin.press(i % 2 ? 'k' : 'j');
    await settle();
  }
  keyFrames.push(...frames.splice(0));
  const vm: number[] = [];
  const offers = core.snapshot().offers;
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    gpuRows(offers, i % 2 ? 'h100' : '', 'price', history);
    vm.push(performance.now() - t0);
  }
  instance.unmount();
  store.stop();
  return {
    'offers in the snapshot': offers.length,
    'frame after a snapshot update, median ms': med(updateFrames),
    'frame after a snapshot update, p95 ms': p95(updateFrames),
    'frame after a snapshot update, CPU time median ms': med(updateCpu),
    'frame after a keystroke (j/k), median ms': med(keyFrames),
    'frame after a keystroke (j/k), CPU time median ms': med(cpuFrames),
    'view model alone (search+group 10k), median ms': med(vm),
    'frames measured (update + key)': updateFrames.length + keyFrames.length,
    'bytes written per frame (incremental), mean': Math.round(
      stdout.bytes / Math.max(1, updateFrames.length + keyFrames.length + 1),
    ),
  };
}

function procCpuTicks(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15)
}

async function idleFigures(): Promise<Figures> {
  if (spawnSync('tmux', ['-V']).status !== 0) return { 'idle CPU': 'tmux missing (apt-get install tmux)' };
  if (!fs.existsSync('out/cli/cloudtop.mjs')) return { 'idle CPU': 'out/cli missing: run npm run build:cli first' };
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudtop-tui-bench-'));
  const socket = `cloudtop-tui-bench-${process.pid}`;
  const tmux = (...a: string[]) => spawnSync('tmux', ['-L', socket, '-f', '/dev/null', ...a], { encoding: 'utf8' });
  const sim = spawn(process.execPath, ['bin/cloudtop.js', 'sim', '--churn', '2'], {
    env: { ...process.env, XDG_CONFIG_HOME: path.join(home, 'sc'), XDG_STATE_HOME: path.join(home, 'ss') },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    let out = '';
    await new Promise<void>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('cloudtop sim did not start')), 60_000);
      sim.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('# Ctrl+C to stop.')) {
          clearTimeout(t);
          resolve();
        }
      });
    });
    const exports = out.split('\n').filter((l) => l.startsWith('export '));
    const pidFile = path.join(home, 'pid');
    const script = path.join(home, 'run.sh');
    fs.writeFileSync(
      script,
      [
        ...exports,
        `export XDG_CONFIG_HOME=${home}/c XDG_DATA_HOME=${home}/d XDG_STATE_HOME=${home}/s XDG_CACHE_HOME=${home}/k HOME=${home} LANG=C.UTF-8`,
        'unset CI TMUX',
        `cd ${JSON.stringify(process.cwd())}`,
        `echo $$ > ${pidFile}`,
        `exec ${JSON.stringify(process.execPath)} bin/cloudtop.js top --no-bell`,
      ].join('\n'),
    );
    tmux('new-session', '-d', '-s', 'top', '-x', '120', '-y', '40', `sh ${script}`);
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && !/\[ 1 GPUs \] \d+ models/.test(tmux('capture-pane', '-p', '-t', 'top').stdout))
      await new Promise((r) => setTimeout(r, 200));
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    // Let the first poll (offers, resources, then metrics) finish, then measure well before the next (60 s).
    await new Promise((r) => setTimeout(r, 8000));
    const hz = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
    const windowS = Number(process.env.TUI_BENCH_IDLE_S ?? 20);
    const t0 = procCpuTicks(pid);
    const w0 = performance.now();
    await new Promise((r) => setTimeout(r, windowS * 1000));
    const ticks = procCpuTicks(pid) - t0;
    const seconds = (performance.now() - w0) / 1000;
    const rss = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    tmux('send-keys', '-t', 'top', 'q');
    return {
      'idle window s': Math.round(seconds),
      'idle CPU % of one core (between polls)': ((ticks / hz) * 100) / seconds,
      'RSS MB while idle': rss,
    };
  } finally {
    tmux('kill-server');
    sim.kill('SIGINT');
    fs.rmSync(home, { recursive: true, force: true });
  }
}

export async function run(): Promise<Figures> {
  const load = os.loadavg()[0]!;
  return {
    // The machine may be shared: read the figures against the load and the number of cores.
    'load average (1 min) / cores at start': `${load.toFixed(1)} / ${os.cpus().length}`,
    ...(await frameFigures()),
    ...(await idleFigures()),
  };
}
