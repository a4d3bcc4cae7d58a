/**
 * `alerts.json` next to settings.json: the watches engine's state and the alert history, so a restart
 * neither re-notifies every offer still on the market nor forgets the history. One file and format for
 * the desktop app and the CLI's `serve`; core validates what it reads back (alert-store.ts). Atomic
 * write (tmp + rename), mode 0600.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AlertPersistence, PersistedAlerts } from './alert-store';

export const ALERTS_FILE_NAME = 'alerts.json';

export class JsonFileAlertStore implements AlertPersistence {
  constructor(readonly file: string) {}

  load(): unknown {
    try {
      return JSON.parse(fs.readFileSync(this.file, 'utf8')) as unknown;
    } catch {
      // Missing or damaged: start fresh (worst case one repeated notification). It only holds alert
      // bookkeeping, never settings or secrets.
      return undefined;
    }
  }

  save(data: PersistedAlerts): void {
    try {
      fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
      const tmp = `${this.file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(data), { mode: 0o600 });
      fs.renameSync(tmp, this.file);
    } catch {
      // A full disk must not stop polling; the next save tries again.
    }
  }
}
