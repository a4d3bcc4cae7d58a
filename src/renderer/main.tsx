/**
 * Entry script, kept tiny: it starts the app (React, Mantine, the views and their CSS; index.html
 * already preloads them) and, in browser mode, opens the WebSocket right away, so the snapshot the
 * server pushes on connect travels while the app's code loads (api/early-socket.ts). The app takes
 * the socket over when it starts.
 */
import { openEarlySocket } from './api/early-socket';

performance.mark('cloudtop:script-start');
const early = openEarlySocket(window);
// The app's code is already being fetched and compiled (index.html preloads it); evaluating it is
// ~100 ms of main thread. Let the socket's handshake through first, so the snapshot travels
// meanwhile (loopback: a few ms; the cap keeps a slow server from holding the app back).
const ready = early ? early.whenSettled(100) : Promise.resolve();
void ready
  .then(() => {
    performance.mark('cloudtop:socket-settled');
    return import('./boot');
  })
  .then(({ boot }) => boot(early));
