/**
 * Electron main entry (out/main/index.js). Everything happens in startDesktop: single-instance lock,
 * sandbox, app:// protocol, then the core, window, tray, IPC and power wiring once Electron is ready.
 */
import { startDesktop } from './app';

startDesktop();
