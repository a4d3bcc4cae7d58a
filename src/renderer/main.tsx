/**
 * Entry script, kept tiny: it starts the app (React, Mantine, the views and their CSS; index.html
 * already preloads them) and, in browser mode, opens the WebSocket right away, so the snapshot the
 * server pushes on connect travels while the app's code loads (api/early-socket.ts). The app takes
 * the socket over when it starts.
 */
import { openEarlySocket } from './api/early-socket';

performance.mark('cloudtop:script-start');
const app = import('./boot');
const early = openEarlySocket(window);
void app.then(({ boot }) => boot(early));
