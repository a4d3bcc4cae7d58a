/**
 * `cloudtop top`: the terminal face (docs/design.md §1, issue #18). A live multi-pane dashboard over the
 * same core as the other faces: the core polls on its schedule and pushes snapshots and alerts, the
 * TopStore hands them to React, ink draws them on the terminal's alternate screen. `q` or Ctrl+C
 * unmounts, which restores the screen, the cursor and the terminal mode; then the core stops.
 *
 * Loaded with a dynamic import from the CLI (like `serve`), so React and ink cost nothing to the
 * other commands.
 */
import { render } from 'ink';
import type { CliContext } from '../cli/context';
import { EXIT, UsageError } from '../cli/io';
import { App } from './ui/App';
import { LookContext, type Look } from './ui/context';
import { glyphsFor } from './glyphs';
import { SessionPriceHistory, StoredPriceHistory, type PriceHistorySource } from './price-history';
import { TopStore } from './store';

interface TopOptions {
  /** Where the sparklines come from; default: the history store, else what this session sees (price-history.ts). */
  history?: PriceHistorySource;
}

const NOT_A_TTY =
  '`cloudtop top` needs an interactive terminal (stdin and stdout must be a TTY). ' +
  'In a pipe or script use `cloudtop offers -w` (a table that refreshes) or `cloudtop offers -o json`.';

export async function topCommand(ctx: CliContext, o: Record<string, unknown>, opts: TopOptions = {}): Promise<number> {
  const { io } = ctx;
  if (io.stdout.isTTY !== true || io.stdin.isTTY !== true) throw new UsageError(NOT_A_TTY);
  const bell = o.bell !== false;
  const look: Look = { glyphs: glyphsFor(io.env), color: ctx.opts.color };

  const handle = await ctx.openCore({
    includeAnonymous: true,
    providers: ctx.opts.providers,
    demo: o.demo === true,
    // A long-running face: the watches state and alert history survive restarts, as for serve.
    persistAlerts: true,
    // Whatever polls records (docs/history.md); the sparklines read the last day back.
    history: 'record',
  });
  const history = opts.history ?? (handle.history ? new StoredPriceHistory(handle.history) : new SessionPriceHistory());
  const store = new TopStore({
    core: handle.core,
    history,
    bell: bell ? () => io.stdout.write('\x07') : undefined,
  });
  // Anything to tell the user (a corrupt settings file backed up, no keychain) goes to the footer:
  // stderr would be hidden behind the alternate screen.
  if (handle.notices.length) store.say(handle.notices.join(' · '), 'error');
  store.start();
  handle.core.start();

  const instance = render(
    <LookContext.Provider value={look}>
      <App store={store} history={history} version={ctx.version} bell={bell} />
    </LookContext.Provider>,
    {
      stdout: io.stdout as NodeJS.WriteStream,
      stdin: io.stdin as NodeJS.ReadStream,
      stderr: io.stderr as NodeJS.WriteStream,
      // Both ends are TTYs (checked above): interactive even under CI=true, which ink would read as
      // "print the last frame only".
      interactive: true,
      alternateScreen: true,
      exitOnCtrlC: true,
      // Only changed lines are rewritten: a price tick redraws one row, not the screen.
      incrementalRendering: true,
      maxFps: 20,
      patchConsole: true,
    },
  );
  // SIGTERM (and SIGINT when not in raw mode) end it like q does.
  void io.interrupted.then(() => instance.unmount());
  try {
    await instance.waitUntilExit();
  } finally {
    instance.cleanup();
    store.stop();
    await handle.close();
  }
  return EXIT.ok;
}
