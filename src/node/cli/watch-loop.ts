/**
 * `--watch [interval]`: re-render a command on an interval with a clean redraw (TTY) or one
 * document per refresh (pipes, JSON as NDJSON), until Ctrl+C.
 */
import type { CliContext } from './context';
import { EXIT } from './io';

export interface Frame {
  text: string;
  code: number;
}

export async function renderLoop(ctx: CliContext, frame: () => Promise<Frame>, header: string): Promise<number> {
  const { io, opts } = ctx;
  if (!opts.watchMs) {
    const f = await frame();
    io.stdout.write(f.text);
    return f.code;
  }
  const tty = io.stdout.isTTY === true && opts.output !== 'json';
  let stop = false;
  void io.interrupted.then(() => {
    stop = true;
  });
  if (tty) io.stdout.write('\x1b[?25l'); // hide cursor while redrawing
  try {
    for (;;) {
      const f = await frame();
      if (stop) break;
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
      const waited = await Promise.race([
        new Promise<'tick'>((r) => setTimeout(() => r('tick'), opts.watchMs).unref?.()),
        io.interrupted.then(() => 'stop' as const),
      ]);
      if (waited === 'stop' || stop) break;
    }
  } finally {
    if (tty) io.stdout.write('\x1b[?25h');
  }
  return EXIT.ok;
}
