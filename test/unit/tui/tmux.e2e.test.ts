/**
 * End to end: the real `node bin/cloudtop.js top` in a real pseudo-terminal (tmux) against
 * `cloudtop sim` started as a child process, configured only through the env lines it prints. Keys
 * go in with `tmux send-keys`, the screen comes back with `tmux capture-pane -p`, as a user sees it.
 * tmux is a CI dependency (.ci/run installs it): without it this test fails rather than skips.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HISTORY_FILE_NAME, HistoryStore, observeOffers } from '../../../src/core/history';
import { makeOffer } from '../../helpers/fake-core';

const root = path.resolve(import.meta.dirname, '../../..');
const HOUR = 3_600_000;
const socket = `cloudtop-top-test-${process.pid}`;
let sim: ChildProcess | undefined;
let simEnv: Record<string, string> = {};
let home = '';

function tmux(...args: string[]): string {
  const env = { ...process.env };
  delete env.TMUX;
  const r = spawnSync('tmux', ['-L', socket, '-f', '/dev/null', ...args], { encoding: 'utf8', env });
  if (r.error) throw new Error(`tmux is needed for this test (apt-get install tmux): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const screen = (escapes = false): string => tmux('capture-pane', '-p', ...(escapes ? ['-e'] : []), '-t', 'top');

async function until(what: string, check: (s: string) => boolean, timeoutMs = 40_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    last = screen();
    if (check(last)) return last;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${what}; the screen was:\n${last}`);
}

async function keys(...ks: string[]): Promise<void> {
  for (const k of ks) {
    tmux('send-keys', '-t', 'top', k);
    await new Promise((r) => setTimeout(r, 120));
  }
}

beforeAll(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudtop-top-e2e-'));
  sim = spawn(process.execPath, ['bin/cloudtop.js', 'sim', '--churn', '2'], {
    cwd: root,
    env: {
      ...process.env,
      XDG_CONFIG_HOME: path.join(home, 'sim-config'),
      XDG_STATE_HOME: path.join(home, 'sim-state'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`cloudtop sim did not start: ${out}`)), 60_000);
    sim!.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('# Ctrl+C to stop.')) {
        clearTimeout(t);
        resolve();
      }
    });
    sim!.on('exit', (code) => reject(new Error(`cloudtop sim exited ${code}: ${out}`)));
  });
  // The lines a user would paste: `export CLOUDTOP_VASTAI_BASE_URL=http://127.0.0.1:…`.
  for (const m of out.matchAll(/^export (\w+)=(.*)$/gm))
    simEnv[m[1]!] = m[2]!.startsWith('"') ? JSON.parse(m[2]!) : m[2]!;
  simEnv = {
    ...simEnv,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_STATE_HOME: path.join(home, 'state'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    HOME: home,
    // Not the CLOUDTOP_HOME of the run (CI sets one for every test): top records history there.
    CLOUDTOP_HOME: path.join(home, 'cloudtop'),
  };
  // A watch from cloudtop.json (--config): its alerts fill pane 3.
  fs.writeFileSync(
    path.join(home, 'cloudtop.json'),
    JSON.stringify({ watches: [{ name: 'any RTX', filter: { gpu: ['RTX-4090', 'RTX-3090', 'RTX-A4000'] } }] }),
  );
}, 90_000);

afterAll(() => {
  try {
    tmux('kill-server');
  } catch {
    // already gone
  }
  sim?.kill('SIGINT');
  if (home) fs.rmSync(home, { recursive: true, force: true });
});

function newSession(env: Record<string, string>, topArgs: string[]): void {
  const script = path.join(home, `run-${Date.now()}.sh`);
  const exports = Object.entries({ ...simEnv, ...env })
    .map(([k, v]) => `export ${k}=${JSON.stringify(v)}`)
    .join('\n');
  fs.writeFileSync(
    script,
    [
      exports,
      // CI runs with NO_COLOR/FORCE_COLOR set: a session gets colour settings only from `env`.
      `unset ${['CI', 'TMUX', 'NO_COLOR', 'FORCE_COLOR'].filter((k) => !(k in env)).join(' ')}`,
      `cd ${JSON.stringify(root)}`,
      'echo BEFORE-TOP',
      `${JSON.stringify(process.execPath)} bin/cloudtop.js ${topArgs.join(' ')}`,
      'echo "EXIT=$?"',
      // The terminal mode after quitting: canonical input and echo back on.
      `stty -a | tr ' ;' '\\n\\n' | grep -E '^-?(icanon|echo)$' | tr '\\n' ' '`,
      'echo',
      'sleep 600',
    ].join('\n'),
  );
  try {
    tmux('kill-session', '-t', 'top');
  } catch {
    // first session
  }
  tmux('new-session', '-d', '-s', 'top', '-x', '80', '-y', '24', `sh ${script}`);
}

/** A colour escape: SGR 30–38 or 90–97 (foreground). */
// eslint-disable-next-line no-control-regex
const COLOUR_SGR = /\x1b\[(?:[0-9;]*;)?(?:3[0-8]|9[0-7])[;m]/;

const paneRows = (s: string): string[] => s.replace(/\n$/, '').split('\n');

describe('cloudtop top in a terminal (tmux) against cloudtop sim', () => {
  it('shows all four panes with live data; Tab, j, /, Enter, q work; q restores the terminal, exit 0', async () => {
    newSession({ LANG: 'C.UTF-8', TERM: 'xterm-256color' }, ['--config', path.join(home, 'cloudtop.json'), 'top']);
    const first = await until(
      'four panes with data',
      (s) =>
        /\[ 1 GPUs \] \d+ models/.test(s) &&
        /● Vast\.ai/.test(s) &&
        /\$\d+\.\d\d/.test(s) &&
        /running/.test(s) &&
        /appeared/.test(s),
    );
    expect(paneRows(first)).toHaveLength(24);
    expect(first).toContain('2 Resources');
    expect(first).toContain('3 Alerts');
    expect(first).toContain('4 Providers');
    expect(first).not.toContain('BEFORE-TOP'); // the alternate screen
    // With colours on, there are colours (so the NO_COLOR check below can fail).
    expect(screen(true)).toMatch(COLOUR_SGR);

    // Resizing reflows: wider and taller, then back to 80×24.
    const widest = (s: string) => Math.max(...paneRows(s).map((l) => l.length));
    tmux('resize-window', '-t', 'top', '-x', '120', '-y', '32');
    await until('the 120×32 layout', (s) => paneRows(s).length === 32 && widest(s) === 120 && s.includes('[ 1 GPUs ]'));
    tmux('resize-window', '-t', 'top', '-x', '80', '-y', '24');
    await until('the 80×24 layout', (s) => paneRows(s).length === 24 && widest(s) === 80 && s.includes('3 Alerts'));

    await keys('Tab');
    await until('Resources focused', (s) => s.includes('[ 2 Resources ]'));
    const sel = (s: string) => paneRows(s).filter((l) => l.startsWith('›'));
    const before = sel(screen()).join('|');
    await keys('j');
    await until('the selection moved', (s) => sel(s).join('|') !== before);

    await keys('1', '/', 'h', '1', '0', '0', 'Enter');
    const filtered = await until('the filter applied', (s) => s.includes('filter "h100"'));
    const gpuRows = paneRows(filtered).filter((l) => /^[› ] \S+\s+\$\d/.test(l));
    expect(gpuRows.length).toBeGreaterThan(0);
    for (const r of gpuRows) expect(r).toMatch(/H100/);

    await keys('Enter');
    const details = await until('the details', (s) => s.includes('console:'));
    expect(details).toContain('price.perGpuHour');
    await keys('Escape');
    await until('back to the panes', (s) => s.includes('[ 1 GPUs ]'));

    await keys('q');
    const after = await until('the shell again', (s) => /EXIT=\d+/.test(s) && /icanon/.test(s));
    expect(after).toContain('EXIT=0');
    expect(after).toContain('BEFORE-TOP'); // the primary screen is back
    expect(after).not.toContain('[ 1 GPUs ]');
    expect(after).toMatch(/(^|\s)icanon(\s|$)/m);
    expect(after).not.toMatch(/-icanon|-echo\b/);
    expect(tmux('display-message', '-p', '-t', 'top', '#{alternate_on} #{cursor_flag}').trim()).toBe('0 1');
  }, 120_000);

  it('NO_COLOR and a non-UTF-8 locale: plain ASCII, no colours; Ctrl+C quits with exit 0', async () => {
    newSession({ LANG: 'C', LC_ALL: 'C', NO_COLOR: '1', TERM: 'xterm-256color' }, ['top', '--no-bell']);
    // Data means offers polled ("0 models" is the screen before the first poll, next to restored alerts).
    await until('panes with data', (s) => /\[ 1 GPUs \] [1-9]\d* models/.test(s) && /\$\d+\.\d\d/.test(s));
    const raw = screen(true);
    expect(raw).not.toMatch(COLOUR_SGR);
    // eslint-disable-next-line no-control-regex
    expect(screen()).toMatch(/^[\x00-\x7f]*$/);
    expect(screen()).toContain('bell off');
    // Ctrl+C quits like q: exit 0, the terminal restored.
    await keys('C-c');
    const after = await until('exit', (s) => /EXIT=\d+/.test(s) && /icanon/.test(s));
    expect(after).toContain('EXIT=0');
    expect(after).not.toMatch(/-icanon|-echo\b/);
  }, 120_000);

  it('records history, and its sparklines show the last day from it from the first frame', async () => {
    // A day of RTX-4090 on Vast.ai in this session's own settings folder: 23 hours, price by the hour.
    const own = path.join(home, 'history-home');
    const file = path.join(own, HISTORY_FILE_NAME);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const store = HistoryStore.open(file);
    const thisHour = Math.floor(Date.now() / HOUR) * HOUR;
    for (let h = 23; h >= 1; h--)
      for (const m of [0, 20, 40])
        store.recordPoll(
          'vastai',
          thisHour - h * HOUR + m * 60_000,
          observeOffers([
            {
              ...makeOffer(1, { provider: 'vastai', model: 'RTX-4090', count: 1, perGpuHour: 0.3 + h / 100 }),
              availability: { state: 'available' },
            },
          ]),
        );
    store.close();
    const started = Date.now();
    newSession({ LANG: 'C.UTF-8', TERM: 'xterm-256color', CLOUDTOP_HOME: own }, ['top', '--no-bell']);
    await until('panes with data', (s) => /\[ 1 GPUs \] [1-9]\d* models/.test(s));
    await keys('/', 'r', 't', 'x', '-', '4', '0', '9', '0', 'Enter');
    const shown = await until('the RTX-4090 row', (s) => /^[› ] RTX-4090 /m.test(s) && s.includes('PRICE (24 h)'));
    // 23 hours and now: the sparkline (the row's last 24 columns) is drawn right away, not one glyph a minute.
    const row = paneRows(shown).find((l) => /^[› ] RTX-4090 /.test(l))!;
    const spark = row.trimEnd().slice(-24);
    expect(spark.replace(/ /g, '').length, `sparkline "${spark}" in\n${shown}`).toBeGreaterThanOrEqual(23);
    await keys('q');
    await until('exit', (s) => /EXIT=\d+/.test(s));
    // And it recorded this run's polls, like every face that polls.
    const db = new DatabaseSync(file, { readOnly: true });
    const polled = db.prepare('SELECT count(*) AS n FROM polls WHERE t >= ?').get(started) as { n: number };
    db.close();
    expect(polled.n).toBeGreaterThan(0);
  }, 120_000);

  it('not a TTY: a clear error pointing to `offers -w`, exit 2', () => {
    const r = spawnSync(process.execPath, ['bin/cloudtop.js', 'top'], {
      cwd: root,
      env: { ...process.env, ...simEnv },
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('needs an interactive terminal');
    expect(r.stderr).toContain('cloudtop offers -w');
    expect(r.stdout).toBe('');
  });
});
