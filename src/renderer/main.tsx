/**
 * Entry script, kept tiny: it starts the app (React, Mantine, the views and their CSS; index.html
 * already preloads them) and, in browser mode, opens the WebSocket right away, so the snapshot
 * preview the server sends on connect travels while the app's code loads (api/early-socket.ts). The
 * app takes the socket over when it starts.
 */
import { openEarlySocket } from './api/early-socket';

performance.mark('cloudtop:script-start');
const early = openEarlySocket(window);
// The app's code is already being fetched and compiled (index.html preloads it); evaluating it is
// ~60 ms of main thread. Let the socket's handshake through first, so the preview travels
// meanwhile (loopback: a few ms; the cap keeps a slow server from holding the app back).
const ready = early ? early.whenSettled(100) : Promise.resolve();
const styled = applyPreloadedStyles();
void ready
  .then(() => {
    performance.mark('cloudtop:socket-settled');
    return import('./boot');
  })
  .then(({ boot }) => boot(early, styled));

/**
 * index.html preloads the app's CSS (the build's preload plugin). Applied from here, the import
 * above finds it in place and does not hold the app's code back until it has loaded (Vite's
 * loader waits for CSS it inserts itself); the app waits for it only before it first renders,
 * and for 3 s at most (a stalled stylesheet must not keep the window blank).
 */
function applyPreloadedStyles(): Promise<unknown> {
  const links = [...document.querySelectorAll<HTMLLinkElement>('link[rel="preload"][as="style"]')];
  const loaded = Promise.all(
    links.map(
      (link) =>
        new Promise((done) => {
          link.addEventListener('load', done, { once: true });
          link.addEventListener('error', done, { once: true });
          link.rel = 'stylesheet';
        }),
    ),
  );
  return Promise.race([loaded, new Promise((done) => setTimeout(done, 3000))]);
}
