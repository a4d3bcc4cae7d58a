/**
 * `--watch [interval]`: re-render a command on an interval with a clean redraw (TTY) or one
 * document per refresh (pipes, JSON as NDJSON), until Ctrl+C or SIGTERM. A signal ends the loop at
 * once, even in the middle of a refresh, and the cursor is shown again.
 */
import type { CliContext } from './context';
import { EXIT, STOPPED, sleepUnlessInterrupted, unlessInterrupted } from './io';

export interface Frame {
  text: string;
  code: number;
}

export async function renderLoop(ctx: CliContext, frame: () => Promise<Frame>, header: string): Promise<number> {
  const { io, opts } = ctx;
  if (!opts.watchMs) {
    const f = await unlessInterrupted(frame(), io.interrupted);
    // Stopped before anything was printed: not a success a script could mistake for a result.
    if (f === STOPPED) return EXIT.terminated;
    io.stdout.write(f.text);
    return f.code;
  }
  const tty = io.stdout.isTTY === true && opts.output !== 'json';
  if (tty) io.stdout.write('\x1b[?25l'); // hide cursor while redrawing
  try {
    for (;;) {
      const f = await unlessInterrupted(frame(), io.interrupted);
      if (f === STOPPED) break;
      if (tty) {
        io.stdout.write('\x1b[H\x1b[2J');
        io.stdout.write(
          ctx.style.dim(
            `Every ${Math.round(opts.watchMs / 1000)}s: ${header}   ${new Date().toLocaleTimeString()}   (Ctrl+C to quit)\n\n`,
          ),
        );
        io.stdout.write(f.text);
      } else if (opts.output === 'json') {
        io.stdout.write(JSON.stringify(JSON.parse(f.text)) + '\n');
      } else {
        io.stdout.write(f.text + '\n');
      }
      if ((await sleepUnlessInterrupted(opts.watchMs, io.interrupted)) === 'stop') break;
    }
  } finally {
    if (tty) io.stdout.write('\x1b[?25h');
  }
  return EXIT.ok;
}
