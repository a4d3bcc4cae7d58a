#!/usr/bin/env node
/**
 * Renders the README's `cloudtop top` screenshot from a real run: `cloudtop sim` in the background,
 * `node bin/cloudtop.js top` in a tmux pseudo-terminal of 100×30 pointed at it with the env lines the
 * simulator prints, `tmux capture-pane -e` once every pane has data, then the captured text (colours
 * kept) as an HTML <pre> photographed by headless Chromium.
 *
 *   node scripts/tui-screenshot.mjs      writes docs/tui-screenshot.txt and docs/tui-screenshot.png
 *
 * Needs tmux and /usr/bin/chromium (both apt packages .ci/run installs).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const COLS = 100;
const ROWS = 30;
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'cloudtop-shot-'));
const socket = `cloudtop-shot-${process.pid}`;
const tmux = (...a) => spawnSync('tmux', ['-L', socket, '-f', '/dev/null', ...a], { encoding: 'utf8' });

const sim = spawn(process.execPath, ['bin/cloudtop.js', 'sim', '--churn', '2', '--seed', '7'], {
  cwd: root,
  env: { ...process.env, XDG_CONFIG_HOME: path.join(home, 'sc'), XDG_STATE_HOME: path.join(home, 'ss') },
  stdio: ['ignore', 'pipe', 'inherit'],
});
try {
  let out = '';
  await new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('cloudtop sim did not start')), 60_000);
    sim.stdout.on('data', (d) => {
      out += d;
      if (out.includes('# Ctrl+C to stop.')) {
        clearTimeout(t);
        resolve();
      }
    });
  });
  fs.writeFileSync(
    path.join(home, 'cloudtop.json'),
    JSON.stringify({ watches: [{ name: 'RTX 4090 or 3090', filter: { gpu: ['RTX-4090', 'RTX-3090'] } }] }),
  );
  const script = path.join(home, 'run.sh');
  fs.writeFileSync(
    script,
    [
      ...out.split('\n').filter((l) => l.startsWith('export ')),
      `export XDG_CONFIG_HOME=${home}/c XDG_DATA_HOME=${home}/d XDG_STATE_HOME=${home}/s XDG_CACHE_HOME=${home}/k HOME=${home}`,
      'export LANG=C.UTF-8 TERM=xterm-256color TZ=UTC',
      'unset CI NO_COLOR FORCE_COLOR TMUX',
      `cd ${JSON.stringify(root)}`,
      `exec ${JSON.stringify(process.execPath)} bin/cloudtop.js --config ${home}/cloudtop.json top --no-bell`,
    ].join('\n'),
  );
  tmux('new-session', '-d', '-s', 'top', '-x', String(COLS), '-y', String(ROWS), `sh ${script}`);
  const ready = (s) => /\[ 1 GPUs \] \d+ models/.test(s) && /appeared/.test(s) && /running\s+\S+\s+\d/.test(s);
  let text = '';
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline && !ready((text = tmux('capture-pane', '-p', '-t', 'top').stdout)))
    await new Promise((r) => setTimeout(r, 300));
  if (!ready(text)) throw new Error(`the panes did not fill in time:\n${text}`);
  // A few churn steps, so the sparklines have a history to show.
  for (let i = 0; i < 6; i++) {
    tmux('send-keys', '-t', 'top', 'r');
    await new Promise((r) => setTimeout(r, 2500));
  }
  // The footer shows the keys again once the last refresh is done.
  while (Date.now() < deadline + 30_000 && !(text = tmux('capture-pane', '-p', '-t', 'top').stdout).includes('q quit'))
    await new Promise((r) => setTimeout(r, 300));
  const ansi = tmux('capture-pane', '-p', '-e', '-t', 'top').stdout;
  tmux('send-keys', '-t', 'top', 'q');
  fs.writeFileSync(path.join(root, 'docs/tui-screenshot.txt'), text.replace(/[ \t]+$/gm, ''));
  const html = path.join(home, 'shot.html');
  fs.writeFileSync(html, page(ansiToHtml(ansi)));
  const png = path.join(root, 'docs/tui-screenshot.png');
  const shot = spawnSync(
    '/usr/bin/chromium',
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--hide-scrollbars',
      '--force-device-scale-factor=1',
      `--window-size=${COLS * 9 + 32},${ROWS * 18 + 32}`,
      `--screenshot=${png}`,
      `file://${html}`,
    ],
    { encoding: 'utf8', env: { ...process.env, HOME: home, XDG_CONFIG_HOME: home, XDG_CACHE_HOME: home } },
  );
  if (!fs.existsSync(png)) throw new Error(`chromium failed: ${shot.stderr}`);
  console.log(`wrote docs/tui-screenshot.txt and docs/tui-screenshot.png (${fs.statSync(png).size} bytes)`);
} finally {
  tmux('kill-server');
  sim.kill('SIGINT');
  fs.rmSync(home, { recursive: true, force: true });
}

function page(body) {
  return `<!doctype html><meta charset="utf-8"><style>
html,body{margin:0;background:#1e1e2e}
pre{margin:16px;font:15px/18px "DejaVu Sans Mono","Liberation Mono",monospace;color:#cdd6f4;letter-spacing:0}
.b{font-weight:bold}.d{opacity:.6}
</style><pre>${body}</pre>`;
}

/** SGR colours and attributes (what ink writes) to HTML spans; everything else is text. */
/* eslint-disable no-control-regex -- ANSI escapes are what this parses */
function ansiToHtml(s) {
  const basic = ['#45475a', '#f38ba8', '#a6e3a1', '#f9e2af', '#89b4fa', '#f5c2e7', '#94e2d5', '#bac2de'];
  const bright = ['#585b70', '#f38ba8', '#a6e3a1', '#f9e2af', '#89b4fa', '#f5c2e7', '#94e2d5', '#a6adc8'];
  let st = { fg: null, bg: null, bold: false, dim: false, inv: false };
  let out = '';
  let open = false;
  const esc = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const span = () => {
    if (open) out += '</span>';
    const fg = st.inv ? (st.bg ?? '#1e1e2e') : st.fg;
    const bg = st.inv ? (st.fg ?? '#cdd6f4') : st.bg;
    const css = [fg && `color:${fg}`, bg && `background:${bg}`].filter(Boolean).join(';');
    const cls = [st.bold && 'b', st.dim && 'd'].filter(Boolean).join(' ');
    out += `<span${cls ? ` class="${cls}"` : ''}${css ? ` style="${css}"` : ''}>`;
    open = true;
  };
  for (const part of s.split(/(\x1b\[[0-9;]*m)/)) {
    const m = /^\x1b\[([0-9;]*)m$/.exec(part);
    if (!m) {
      out += esc(part.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ''));
      continue;
    }
    const codes = (m[1] || '0').split(';').map(Number);
    for (let i = 0; i < codes.length; i++) {
      const c = codes[i];
      if (c === 0) st = { fg: null, bg: null, bold: false, dim: false, inv: false };
      else if (c === 1) st.bold = true;
      else if (c === 2) st.dim = true;
      else if (c === 22) st.bold = st.dim = false;
      else if (c === 7) st.inv = true;
      else if (c === 27) st.inv = false;
      else if (c >= 30 && c <= 37) st.fg = basic[c - 30];
      else if (c >= 90 && c <= 97) st.fg = bright[c - 90];
      else if (c === 39) st.fg = null;
      else if (c >= 40 && c <= 47) st.bg = basic[c - 40];
      else if (c === 49) st.bg = null;
      else if ((c === 38 || c === 48) && codes[i + 1] === 5) {
        const n = codes[i + 2];
        const col = n < 8 ? basic[n] : n < 16 ? bright[n - 8] : null;
        if (c === 38) st.fg = col;
        else st.bg = col;
        i += 2;
      }
    }
    span();
  }
  if (open) out += '</span>';
  return out;
}
